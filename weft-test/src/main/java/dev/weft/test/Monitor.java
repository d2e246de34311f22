package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.WaitQueue;
import dev.weft.Weft;
import dev.weft.spi.Instrument;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulation's eyes on its loop: an {@link Instrument} that numbers and labels every task,
 * turns each switch point into a scheduling choice, writes the trace, and stops the run at the
 * first nondeterminism leak, deadlock, time-out or unhandled failure.
 *
 * <p>Implementation notes. Every hook runs on the simulated loop's thread, one at a time.
 * <ul>
 * <li>A switch point yields the task ({@link Thread#yield()}), so the {@link Scheduler} picks
 *     the next step among all that are ready, the yielder included.
 * <li>A task that ends a step neither done, nor ready again, nor waiting inside Weft was
 *     parked by the JDK: only something outside the simulation can wake it — a leak. A JDK
 *     wait so short that its wake-up arrives before the step has ended looks like a yield and
 *     goes unreported.
 * <li>A deadlock shows as the time limit's watchdog firing with no other timer left, no task
 *     ready and every live task waiting inside Weft: nothing could ever move again.
 * <li>{@code problem} keeps the first failure found; the root task is cancelled to end the run.
 * </ul>
 */
final class Monitor implements Instrument {
    private final Map<Task<?>, Unit> units = new LinkedHashMap<>();
    private final Labels labels;
    private final TraceLog trace;
    private Scheduler scheduler;
    private SimNetwork network;
    private EventLoop loop;
    private Task<?> root;
    private Unit running;
    private int ready;
    private int live;
    private int threads;
    private boolean nextIsThread;
    private String nextName;
    private RuntimeException problem;
    private boolean problemAfterMain;

    Monitor(boolean traced) {
        this.trace = traced ? new TraceLog() : null;
        this.labels = traced ? new Labels(units) : null;
    }

    void use(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void use(SimNetwork network) {
        this.network = network;
    }

    SimNetwork network() {
        return network;
    }

    /** Called by the root task when it starts: the loop and the task to cancel to stop. */
    void attach(EventLoop loop, Task<?> root) {
        this.loop = loop;
        this.root = root;
    }

    Unit unit(Task<?> task) {
        return units.get(task);
    }

    /** Spawns {@code body} as a simulated thread: a unit labelled {@code thread 'name'}. */
    <T> Task<T> spawnThread(String name, java.util.concurrent.Callable<T> body) {
        nextIsThread = true;
        nextName = name != null ? name : "thread-" + (threads + 1);
        try {
            return Weft.spawn(nextName, body);
        } finally {
            nextIsThread = false;
        }
    }

    /** An explicit switch point. */
    void point(Task<?> task) {
        if (trace != null) {
            trace.event("point: may switch here");
        }
        Weft.yieldNow();
    }

    /** A line of the network's: under the running task's step, or on its own with the time for a callback's. */
    void netEvent(String line) {
        if (trace == null) {
            return;
        }
        if (inStep()) {
            trace.event("net: " + line);
        } else {
            trace.note("net " + TraceLog.time(loop.nanoTime()) + ": " + line);
        }
    }

    /** True on the thread of the task whose step is running (not in a callback of the loop). */
    private boolean inStep() {
        return running != null && Thread.currentThread() == WaitQueue.threadOf(running.task);
    }

    // ---------------------------------------------------------------- hooks

    @Override
    public void taskSpawned(Task<?> task) {
        boolean thread = nextIsThread;
        nextIsThread = false;
        String name = thread ? nextName : task.name();
        if (thread) {
            threads++;
        }
        int id = units.size();
        String label;
        if (!thread && name.matches("Task-\\d+")) {
            label = "task 'Task-" + id + "'";
            if (labels != null) {
                labels.alias(name, "Task-" + id);
            }
        } else {
            label = (thread ? "thread '" : "task '") + name + "'";
        }
        Unit unit = new Unit(id, task, label, thread);
        units.put(task, unit);
        if (network != null) {
            network.placement().spawned(task, running == null ? null : running.task);
        }
        live++;
        scheduler.admit(unit);
        if (trace != null && running != null) {
            trace.event("spawns " + label);
        }
    }

    @Override
    public void taskScheduled(Task<?> task) {
        Unit u = units.get(task);
        ready++;
        if (u == running && u != null) {
            u.rescheduled = true;
        }
    }

    @Override
    public void beforeStep(Task<?> task) {
        Unit u = units.get(task);
        ready--;
        running = u;
        u.rescheduled = false;
        if (trace != null) {
            trace.step(scheduler.steps(), loop == null ? 0 : loop.nanoTime(), u, scheduler.preempted());
        }
    }

    @Override
    public void afterStep(Task<?> task) {
        Unit u = running;
        running = null;
        if (u == null || u.done || u.rescheduled || u.waitingOn != null) {
            return;
        }
        fail(new NondeterminismException(u.label, "was parked by the JDK (Thread.sleep, a blocking socket,"
                + " a JDK lock or a foreign thread)", WaitQueue.threadOf(task).getStackTrace()));
        task.cancel();
    }

    @Override
    public void switchPoint(Task<?> task, Object resource) {
        if (trace != null) {
            trace.event("at " + labels.of(resource));
        }
        Thread.yield();
    }

    @Override
    public void waitStarted(Task<?> task, Object resource) {
        Unit u = units.get(task);
        u.waitingOn = resource;
        if (trace != null) {
            trace.event("waits on " + labels.of(resource));
        }
        if (resource instanceof Promise<?> p && p.toString().startsWith("toThread body")) {
            fail(new NondeterminismException(u.label, "waits for a Weft.toThread body, which runs on a real thread",
                    Thread.currentThread().getStackTrace()));
        }
    }

    @Override
    public void waitEnded(Task<?> task, Object resource) {
        units.get(task).waitingOn = null;
    }

    @Override
    public void taskExited(Task<?> task) {
        Unit u = units.get(task);
        u.done = true;
        live--;
        if (trace != null) {
            trace.event(switch (task.state()) {
                case SUCCESS -> "ends";
                case CANCELLED -> "ends cancelled";
                case FAILED -> "fails: " + labels.text(String.valueOf(task.exceptionNow()));
                default -> "ends (" + task.state() + ")";
            });
        }
    }

    // ---------------------------------------------------------------- stopping

    /** The loop's failure handler: a failure nobody else saw. */
    void unhandled(String what, Throwable error) {
        fail(new UnhandledFailureException(labels != null ? labels.text(what) : what, error));
    }

    void stepLimitPassed(int limit) {
        fail(new SimulationTimeoutException("the run took more than " + limit + " scheduling steps"
                + " (a livelock, or a loop spinning on Simulation.point()); raise Explorer.Builder.stepLimit"
                + " if it is meant to run that long"));
    }

    /** The watchdog timer at the time limit fired. */
    void timeLimitReached(java.time.Duration limit) {
        if (loop.timerCount() == 0 && ready == 0 && allWaiting()) {
            fail(Deadlocks.report(units.values(), labels));
        } else {
            fail(new SimulationTimeoutException("the run was still busy after " + limit + " of virtual time;"
                    + " raise Explorer.Builder.timeLimit if it is meant to run that long"));
        }
    }

    private boolean allWaiting() {
        for (Unit u : units.values()) {
            if (!u.done && u.waitingOn == null) {
                return false;
            }
        }
        return live > 0;
    }

    private void fail(RuntimeException e) {
        if (problem != null) {
            return;
        }
        problem = e;
        problemAfterMain = root != null && root.isDone();
        if (trace != null) {
            trace.note("stopped: " + labels.text(firstLine(e)));
        }
        if (root != null) {
            root.cancel();
        }
    }

    private static String firstLine(Throwable e) {
        String s = e.getClass().getSimpleName() + ": " + e.getMessage();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The first failure the monitor found, or null. */
    RuntimeException problem() {
        return problem;
    }

    /** True if the first problem was found after main had already ended (main's own failure came first). */
    boolean problemAfterMain() {
        return problemAfterMain;
    }

    /** The trace so far, or null if the run is not traced. */
    TraceLog trace() {
        return trace;
    }

    Labels labels() {
        return labels;
    }
}
