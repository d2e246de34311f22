package dev.weft;

import dev.weft.spi.Clock;
import dev.weft.spi.Instrument;
import dev.weft.spi.LoopObserver;
import dev.weft.spi.SchedulingPolicy;
import dev.weft.spi.VirtualClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * An event loop: one carrier thread that runs many tasks, one at a time, plus callbacks and
 * timers. Start one with {@link Weft#run}; reach the current one with {@link Weft#loop()}.
 *
 * <p>This is the one long file of the kernel: it is the loop's turn, and reads best whole.
 *
 * <h2>A turn</h2>
 * <ol>
 * <li>take what other threads posted to the inbox (wake-ups of tasks, {@link #callSoonThreadsafe}
 *     callbacks) into the run queue;
 * <li>move every timer that is due into the run queue, earliest first, ties in the order set;
 * <li>run the entries that were ready at the start of this step (a bounded batch), each
 *     chosen by the {@link SchedulingPolicy}: a task runs until its next waiting point;
 * <li>if nothing is ready, wait for the next timer or an inbox wake-up — or, on a virtual
 *     clock, jump to the next timer when nothing outside the loop could wake a task.
 * </ol>
 *
 * <p>Implementation notes: everything except {@code inbox}, {@code sleeping} and
 * {@code closed} belongs to the carrier thread. A task's wake-up comes through
 * {@link TaskImpl#execute}: on the carrier it goes straight to the run queue, from any other
 * thread through the inbox. {@code blockedOutside} counts tasks parked by the JDK rather than by
 * Weft (in {@code Thread.sleep}, a blocking socket…): only a foreign thread can wake those,
 * so a virtual clock must not jump while there are any; {@code externalWork} counts
 * {@link Weft#toThread} bodies and pool jobs running for this loop, for the same reason.
 * {@code steps} is odd while a task step, callback or I/O handler runs and is written with
 * opaque stores, so a watchdog on another thread can tell a long step from many short ones at
 * the cost of two plain stores per step. {@code asleepForGood} (volatile) is true while every
 * task sleeps with nothing pending: other loops read it before calling a global deadlock.
 */
public final class EventLoop {
    private static final ThreadLocal<EventLoop> CARRIER = new ThreadLocal<>();
    private static final AtomicLong TASK_IDS = new AtomicLong();
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final System.Logger DIAG_LOG = System.getLogger("dev.weft.diag");
    private static final Set<EventLoop> RUNNING = ConcurrentHashMap.newKeySet();
    private static final int MAX_ORPHANS_LISTED = 20;
    private static final VarHandle STEPS;

    static {
        try {
            STEPS = MethodHandles.lookup().findVarHandle(EventLoop.class, "steps", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Options options;
    private final Clock clock;
    private final SchedulingPolicy policy;
    private final boolean fifo;
    private final Instrument instrument;
    private final Thread carrier;
    private final ReadyQueue ready = new ReadyQueue();
    private final IntFunction<Task<?>> readyTaskAt = i -> ready.get(i) instanceof TaskImpl<?> t ? t : null;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final TimerHeap timers = new TimerHeap();
    private final LinkedHashSet<TaskImpl<?>> unobserved = new LinkedHashSet<>();
    private volatile boolean sleeping;
    private volatile boolean closed;
    private TaskImpl<?> running;
    private TaskImpl<?> liveHead;
    private int liveCount;
    private int blockedOutside;
    private final AtomicInteger externalWork = new AtomicInteger();
    private long timerSeq;
    private long steps;
    private long asleepSince;
    private boolean globalDeadlockSeen;
    private volatile boolean asleepForGood;
    private TaskImpl<?> root;
    private Selector selector;
    private ThreadPoolExecutor threadPool;

    EventLoop(Options options, Thread carrier) {
        this.options = options;
        this.clock = options.virtualTime ? Clock.virtual() : options.clock;
        this.policy = options.policy;
        this.fifo = policy.isFifo();
        this.instrument = options.instrument;
        this.carrier = carrier;
    }

    /** The loop whose carrier is the current platform thread, or null. */
    static EventLoop carrierLoop() {
        return CARRIER.get();
    }

    /** The loop of the current task or callback, or null on a plain thread. */
    static EventLoop current() {
        TaskImpl<?> task = TaskImpl.current();
        return task != null ? task.loop : CARRIER.get();
    }

    /** The loop a task's thread belongs to, or null for any other thread. */
    public static EventLoop of(Thread thread) {
        return thread.isVirtual() && VirtualThreads.schedulerOf(thread) instanceof TaskImpl<?> task ? task.loop : null;
    }

    /** Every loop running now, in no particular order: for watchdogs and task dumps. */
    public static List<EventLoop> running() {
        return List.copyOf(RUNNING);
    }

    /** True on this loop's carrier thread, in a task or a callback. */
    boolean inLoopThread() {
        Thread me = Thread.currentThread();
        if (me == carrier) {
            return true;
        }
        TaskImpl<?> r = running;
        return r != null && r.thread == me;
    }

    // ---------------------------------------------------------------- public API

    /** This loop's idea of now, in nanoseconds: its clock, virtual or real. */
    public long nanoTime() {
        return clock.nanoTime();
    }

    /** The options this loop was started with. */
    public Options options() {
        return options;
    }

    /**
     * Runs {@code callback} on this loop soon, after the entries already ready. Call it from
     * this loop's thread (a task or callback of it); from elsewhere use
     * {@link #callSoonThreadsafe}.
     */
    public Cancellable callSoon(Runnable callback) {
        requireLoopThread("callSoon");
        Handle h = new Handle(this, Objects.requireNonNull(callback, "callback"), 0, 0);
        ready.add(h);
        return h;
    }

    /** Runs {@code callback} on this loop once {@code delay} has passed on its clock. Loop thread only. */
    public Cancellable callLater(Duration delay, Runnable callback) {
        requireLoopThread("callLater");
        return callLaterNanos(Weft.toNanos(delay), Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Runs {@code callback} on this loop's thread; callable from any thread. Callbacks posted
     * by one thread run in the order posted.
     *
     * @throws IllegalStateException if the loop has closed
     */
    public Cancellable callSoonThreadsafe(Runnable callback) {
        Handle h = new Handle(this, Objects.requireNonNull(callback, "callback"), 0, 0);
        if (!post(h)) {
            throw new IllegalStateException("event loop is closed");
        }
        return h;
    }

    /** How many tasks of this loop have not ended yet. Loop thread only. */
    public int taskCount() {
        requireLoopThread("taskCount");
        return liveCount;
    }

    /** The tasks of this loop that have not ended yet, oldest first. Loop thread only. */
    public List<Task<?>> tasks() {
        requireLoopThread("tasks");
        List<Task<?>> all = new ArrayList<>(liveCount);
        for (TaskImpl<?> t = liveHead; t != null; t = t.nextLive) {
            all.add(t);
        }
        return all.reversed();
    }

    /**
     * The loop's selector, opened on first use, for sockets whose readiness this loop waits on.
     * Register channels with an {@link IoHandler} as the key's attachment: the loop selects
     * whenever it would otherwise wait, and between batches while keys are registered, and
     * calls each ready key's handler. Loop thread only.
     */
    public Selector selector() {
        requireLoopThread("selector");
        if (selector == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector", e);
            }
        }
        return selector;
    }

    /**
     * What the loop is doing right now, for a watchdog on another thread: a racy snapshot.
     *
     * @see Activity
     */
    public Activity activity() {
        long s = (long) STEPS.getOpaque(this);
        TaskImpl<?> task = (s & 1) == 1 ? running : null;
        return new Activity(s >>> 1, (s & 1) == 1, task, task != null ? task.thread : carrier);
    }

    /**
     * A loop's activity as a watchdog samples it: {@code steps} counts the task steps, callbacks
     * and I/O handlers begun so far; {@code busy} is true while one runs, and then {@code task} is
     * the task running (null for a callback) and {@code thread} the thread whose stack shows it
     * (the task's, or the loop's carrier). The same {@code steps} seen busy twice, some time
     * apart, is one step that held the loop all along.
     */
    public record Activity(long steps, boolean busy, Task<?> task, Thread thread) {
    }

    /** The live tasks with their states, oldest first; see {@link TaskDump}. */
    List<TaskDump.Row> snapshot() {
        return TaskDump.rows(liveHead, running);
    }

    /** The platform thread that runs this loop. */
    public Thread carrier() {
        return carrier;
    }

    /**
     * Hands a diagnosis — a deadlock, a stall, a lock-order inversion, a swallowed cancellation,
     * an orphan — to this loop's diagnostics handler ({@link Options#withDiagnostics}) with the
     * evidence that shows it. Callable from any thread: a watchdog reports a stall from its own
     * thread while the loop is held.
     */
    public void report(String what, Throwable evidence) {
        try {
            options.diagnostics.accept(what, evidence);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "the diagnostics handler failed on: " + what, e);
        }
    }

    // ---------------------------------------------------------------- running

    <T> T run(Callable<T> main) {
        CARRIER.set(this);
        RUNNING.add(this);
        try {
            notifyLoop(true);
            @SuppressWarnings("unchecked")
            TaskImpl<T> first = (TaskImpl<T>) spawn("main", main);
            root = first;
            while (!first.isDone()) {
                turn();
            }
            reportOrphans();
            shutdown();
            first.observed = true;
            reportUnobserved();
            return first.report();
        } finally {
            close();
            RUNNING.remove(this);
            notifyLoop(false);
            CARRIER.remove();
        }
    }

    private void notifyLoop(boolean started) {
        LoopObserver observer = Observers.LOOPS;
        if (observer == null) {
            return;
        }
        try {
            if (started) {
                observer.loopStarted(this);
            } else {
                observer.loopClosed(this);
            }
        } catch (RuntimeException e) {
            unhandled("the loop observer failed", e);
        }
    }

    /**
     * Lists the tasks that nobody joined and that were still running when main ended (they are
     * about to be cancelled), each with where it was spawned when spawn stacks are recorded,
     * else where it is now. Children of task groups are their group's business, not orphans.
     */
    private void reportOrphans() {
        List<TaskImpl<?>> orphans = new ArrayList<>();
        for (TaskImpl<?> t = liveHead; t != null; t = t.nextLive) {
            if (t.onExit == null) {
                orphans.add(t);
            }
        }
        int listed = 0;
        for (TaskImpl<?> t : orphans.reversed()) {
            if (listed++ == MAX_ORPHANS_LISTED) {
                String more = (orphans.size() - MAX_ORPHANS_LISTED) + " more tasks nobody joined were still"
                        + " running when main returned; they are cancelled";
                report(more, new SpawnSite(more));
                break;
            }
            Throwable where = t.spawnSite;
            if (where == null) {
                where = new SpawnSite(t.describe() + " is here (spawn stacks are not recorded:"
                        + " see EventLoop.Options.withSpawnStacks)");
                where.setStackTrace(t.thread.getStackTrace());
            }
            report(t.describe() + " was still running when main returned, and nobody joined it;"
                    + " it is cancelled", where);
        }
    }

    /** Cancels the tasks still alive after main ended and runs until they have all exited. */
    private void shutdown() {
        while (liveCount > 0 || !inbox.isEmpty() || !ready.isEmpty()) {
            for (TaskImpl<?> t = liveHead; t != null; t = t.nextLive) {
                t.cancel();
            }
            turn();
        }
    }

    private void close() {
        closed = true;
        if (threadPool != null) {
            awaitThreadPool();
        }
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the loop's selector failed", e);
            }
        }
    }

    /**
     * Interrupts toThread bodies still running (their callers were cancelled) and gives them a
     * moment to end, as asyncio.run waits for its default executor; one that ignores the
     * interrupt is named in the log rather than waited for forever.
     */
    private void awaitThreadPool() {
        threadPool.shutdownNow();
        try {
            if (!threadPool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "toThread bodies still running 10 s after their loop closed;"
                        + " they ignore interrupts: " + threadPool);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void turn() {
        if (selector != null && !ready.isEmpty() && !selector.keys().isEmpty()) {
            pollIo(0);
        }
        if (!inbox.isEmpty()) {
            drainInbox();
        }
        if (!timers.isEmpty()) {
            moveDueTimers();
        }
        if (ready.isEmpty()) {
            idle();
        } else {
            runBatch();
        }
    }

    private void runBatch() {
        if (asleepSince != 0) {
            asleepSince = 0;
            globalDeadlockSeen = false;
            asleepForGood = false;
        }
        for (int n = ready.size(); n > 0 && !ready.isEmpty(); n--) {
            Object entry = fifo ? ready.poll() : ready.removeAt(policy.next(ready.size(), readyTaskAt));
            if (entry instanceof TaskImpl<?> task) {
                step(task);
            } else {
                runCallback((Runnable) entry);
            }
        }
    }

    private void step(TaskImpl<?> task) {
        task.queued = false;
        running = task;
        if (instrument != null) {
            observe(Hook.BEFORE_STEP, task, null);
        }
        long s = steps;
        STEPS.setOpaque(this, s + 1);
        try {
            task.continuation.run();
        } finally {
            STEPS.setOpaque(this, s + 2);
            running = null;
        }
        if (instrument != null) {
            observe(Hook.AFTER_STEP, task, null);
        }
        if (!task.isDone() && !task.queued && task.weftWaits == 0 && !task.blockedOutside) {
            task.blockedOutside = true;
            blockedOutside++;
            if (Observers.LOOPS != null && task.cancelPending()) {
                Observers.LOOPS.cancelledTaskBlocked(this, task, task.thread);
            }
        }
    }

    private void runCallback(Runnable callback) {
        long s = steps;
        STEPS.setOpaque(this, s + 1);
        try {
            callback.run();
        } catch (Throwable e) {
            unhandled("callback " + callback + " failed", e);
        } finally {
            STEPS.setOpaque(this, s + 2);
        }
    }

    private void drainInbox() {
        Object entry;
        while ((entry = inbox.poll()) != null) {
            if (entry instanceof TaskImpl<?> task) {
                makeReady(task);
            } else {
                ready.add(entry);
            }
        }
    }

    private void moveDueTimers() {
        long now = clock.nanoTime();
        Handle h;
        while ((h = timers.peek()) != null && h.deadline - now <= 0) {
            timers.poll();
            if (!h.isCancelled()) {
                ready.add(h);
            }
        }
    }

    /** Nothing is ready: wait for the next timer or a wake-up, or jump a virtual clock. */
    private void idle() {
        long waitNanos = -1;
        Handle next = timers.peek();
        if (next == null && clock instanceof VirtualClock) {
            waitNanos = checkAllAsleep();
            if (waitNanos == 0) {
                return;
            }
        }
        if (next != null) {
            if (clock instanceof VirtualClock virtual) {
                if (blockedOutside == 0 && externalWork.get() == 0 && inbox.isEmpty()) {
                    virtual.advanceTo(next.deadline);
                    return;
                }
            } else {
                waitNanos = Math.max(0, next.deadline - clock.nanoTime());
                if (waitNanos == 0) {
                    return;
                }
            }
        }
        sleeping = true;
        try {
            if (inbox.isEmpty()) {
                block(waitNanos);
            }
        } finally {
            sleeping = false;
        }
        if (Thread.interrupted() && root != null) {
            // Whoever interrupts the thread that runs the loop means to stop the program.
            root.cancel();
        }
    }

    /**
     * On a virtual clock with no timer: if every task sleeps in a Weft wait and nothing this loop
     * knows of could wake one — no I/O, no outside work, no task in a JDK call, no other loop
     * running — for the deadlock grace (real time, so that an undeclared plain thread about to
     * set an event is given its chance), the wait observer hears of a global deadlock, once.
     *
     * @return 0 to turn again at once, the real time to wait before looking again, or -1
     */
    private long checkAllAsleep() {
        if (Observers.WAITS == null || liveCount == 0 || blockedOutside > 0 || externalWork.get() > 0
                || !inbox.isEmpty() || (selector != null && !selector.keys().isEmpty())) {
            return -1;
        }
        long now = System.nanoTime();
        if (asleepSince == 0) {
            asleepSince = now;
            asleepForGood = true;
        }
        if (globalDeadlockSeen) {
            return -1;
        }
        long grace = options.deadlockGrace.toNanos();
        long left = grace - (now - asleepSince);
        if (left > 0) {
            return left;
        }
        for (EventLoop other : RUNNING) {
            if (other != this && !other.closed && !other.asleepForGood) {
                return Math.max(grace, TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        List<WaitQueue.Waiter> sleepers = new ArrayList<>(liveCount);
        for (TaskImpl<?> t = liveHead; t != null; t = t.nextLive) {
            WaitQueue.Waiter w = t.currentWait;
            if (w == null || !w.isWaiting() || w.isTimed()) {
                return -1;
            }
            sleepers.add(w);
        }
        globalDeadlockSeen = true;
        try {
            Observers.WAITS.allAsleep(this, sleepers.reversed());
        } catch (RuntimeException e) {
            unhandled("the wait observer failed on a global deadlock", e);
        }
        return ready.isEmpty() && inbox.isEmpty() ? -1 : 0;
    }

    private void block(long waitNanos) {
        if (selector != null && !selector.keys().isEmpty()) {
            pollIo(waitNanos < 0 ? -1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
        } else if (waitNanos < 0) {
            LockSupport.park(this);
        } else {
            LockSupport.parkNanos(this, waitNanos);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (0: not at all, negative: until woken) for channels
     * registered on this loop's selector, then calls the {@link IoHandler} attached to each
     * ready key.
     */
    private void pollIo(long timeoutMillis) {
        try {
            int n = timeoutMillis == 0 ? selector.selectNow()
                    : selector.select(timeoutMillis < 0 ? 0 : timeoutMillis);
            if (n == 0) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the loop's selector failed", e);
        }
        var selected = selector.selectedKeys();
        for (var key : selected.toArray(new java.nio.channels.SelectionKey[0])) {
            selected.remove(key);
            if (key.isValid() && key.attachment() instanceof IoHandler handler) {
                long s = steps;
                STEPS.setOpaque(this, s + 1);
                try {
                    handler.ready(key);
                } catch (Throwable e) {
                    unhandled("I/O handler " + handler + " failed", e);
                } finally {
                    STEPS.setOpaque(this, s + 2);
                }
            }
        }
    }

    /**
     * What a channel registered on this loop's {@link #selector()} carries as its key's
     * attachment: the loop calls it, on its own thread, each time a select finds the key ready.
     * It should wake whatever waits for the channel and return at once.
     */
    @FunctionalInterface
    public interface IoHandler {
        void ready(java.nio.channels.SelectionKey key);
    }

    private void wakeup() {
        if (sleeping) {
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            }
            LockSupport.unpark(carrier);
        }
    }

    /** Puts {@code entry} in the inbox and wakes the loop; false if the loop has closed. */
    private boolean post(Object entry) {
        if (closed) {
            return false;
        }
        inbox.add(entry);
        wakeup();
        return true;
    }

    // ---------------------------------------------------------------- tasks

    <T> TaskImpl<T> spawn(String name, Callable<T> body) {
        requireLoopThread("spawn");
        Objects.requireNonNull(body, "body");
        TaskImpl<T> task = new TaskImpl<>(this, TASK_IDS.incrementAndGet(), name, body);
        if (liveHead != null) {
            liveHead.prevLive = task;
        }
        task.nextLive = liveHead;
        liveHead = task;
        liveCount++;
        if (options.spawnStacks) {
            task.spawnSite = new SpawnSite(task.describe() + " was spawned here");
        }
        if (instrument != null) {
            observe(Hook.SPAWNED, task, null);
        }
        task.thread.start();
        return task;
    }

    /** A task's thread is ready to run: from its {@link TaskImpl#execute}. */
    void schedule(TaskImpl<?> task) {
        if (inLoopThread()) {
            makeReady(task);
        } else {
            // After close no task is alive, so nothing posted here can be lost.
            post(task);
        }
    }

    private void makeReady(TaskImpl<?> task) {
        task.queued = true;
        if (task.blockedOutside) {
            task.blockedOutside = false;
            blockedOutside--;
        }
        ready.add(task);
        if (instrument != null) {
            observe(Hook.SCHEDULED, task, null);
        }
    }

    /** Bookkeeping when a task ends; runs on the carrier, in the task's last step. */
    void taskExited(TaskImpl<?> task) {
        TaskImpl<?> p = task.prevLive;
        TaskImpl<?> n = task.nextLive;
        if (p == null) {
            liveHead = n;
        } else {
            p.nextLive = n;
        }
        if (n != null) {
            n.prevLive = p;
        }
        task.prevLive = null;
        task.nextLive = null;
        liveCount--;
        if (task.rawState() == Completion.FAILED && task.onExit == null && task != root) {
            unobserved.add(task);
        }
        if (task.onExit != null) {
            task.onExit.run();
        }
        if (instrument != null) {
            observe(Hook.EXITED, task, null);
        }
    }

    private void reportUnobserved() {
        for (TaskImpl<?> task : unobserved) {
            if (!task.observed) {
                task.observed = true;
                Throwable failure = task.failure();
                if (task.spawnSite != null && failure != null) {
                    failure.addSuppressed(task.spawnSite);
                }
                unhandled(task.describe() + " failed and nobody joined it", failure);
            }
        }
        unobserved.clear();
    }

    void unhandled(String what, Throwable error) {
        try {
            options.failureHandler.accept(what, error);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "the failure handler failed on: " + what, e);
        }
    }

    void waitStarted(TaskImpl<?> task, Object resource) {
        if (instrument != null) {
            observe(Hook.WAIT_STARTED, task, resource);
        }
    }

    void waitEnded(TaskImpl<?> task, Object resource) {
        if (instrument != null) {
            observe(Hook.WAIT_ENDED, task, resource);
        }
    }

    private enum Hook { SPAWNED, SCHEDULED, BEFORE_STEP, AFTER_STEP, WAIT_STARTED, WAIT_ENDED, EXITED }

    /** Calls one instrument hook; a hook that throws is reported and the loop goes on. */
    private void observe(Hook hook, TaskImpl<?> task, Object resource) {
        try {
            switch (hook) {
                case SPAWNED -> instrument.taskSpawned(task);
                case SCHEDULED -> instrument.taskScheduled(task);
                case BEFORE_STEP -> instrument.beforeStep(task);
                case AFTER_STEP -> instrument.afterStep(task);
                case WAIT_STARTED -> instrument.waitStarted(task, resource);
                case WAIT_ENDED -> instrument.waitEnded(task, resource);
                case EXITED -> instrument.taskExited(task);
            }
        } catch (Throwable e) {
            unhandled("instrument hook " + hook + " for " + task.describe() + " failed", e);
        }
    }

    // ---------------------------------------------------------------- timers

    Handle callLaterNanos(long delayNanos, Runnable callback) {
        Handle h = new Handle(this, callback, clock.nanoTime() + Math.max(0, delayNanos), timerSeq++);
        timers.add(h);
        return h;
    }

    void removeTimer(Handle h) {
        timers.remove(h);
    }

    /** How many timers are pending. Loop thread only. */
    public int timerCount() {
        requireLoopThread("timerCount");
        return timers.size();
    }

    // ---------------------------------------------------------------- threads

    <T> T toThread(Callable<T> body) {
        Promise<T> result = new Promise<>("toThread body");
        boolean[] abandoned = {false};
        ExternalWork work = beginExternalWork();
        ThreadJob<T> job = new ThreadJob<>(body, (value, error) -> {
            boolean posted = post(new Handle(this, () -> {
                work.close();
                if (error == null) {
                    result.complete(value);
                    return;
                }
                result.fail(error);
                if (abandoned[0] && !CancelScope.isCancellation(error)) {
                    unhandled("a toThread body whose caller was cancelled failed", error);
                }
            }, 0, 0));
            if (!posted && error != null && !CancelScope.isCancellation(error)) {
                unhandled("a toThread body that outlived its loop failed", error);
            }
        });
        result.settledBy(job::settlers);
        threadPool().execute(job);
        try {
            return result.join();
        } catch (CancellationException e) {
            abandoned[0] = true;
            if (job.cancel()) {
                work.close();
            }
            throw e;
        }
    }

    /**
     * Tells this loop that work outside it — a pool job, a request to another process — is
     * under way and will wake one of its tasks when done. Until it is
     * {@link ExternalWork#close() closed}, a virtual clock does not jump ahead, since the result
     * of real work would otherwise arrive at a virtual time it did not take. Call from this
     * loop's thread; close from any thread, once (later closes do nothing).
     */
    public ExternalWork beginExternalWork() {
        requireLoopThread("beginExternalWork");
        externalWork.incrementAndGet();
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                externalWork.decrementAndGet();
                wakeup();
            }
        };
    }

    /** Work outside a loop that a task waits on; see {@link #beginExternalWork()}. */
    @FunctionalInterface
    public interface ExternalWork extends AutoCloseable {
        /** Marks the work done. Never throws; idempotent. */
        @Override
        void close();
    }

    private ExecutorService threadPool() {
        if (threadPool == null) {
            int n = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            AtomicLong ids = new AtomicLong();
            threadPool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> Thread.ofPlatform().daemon().name("weft-to-thread-" + ids.incrementAndGet()).unstarted(r));
            threadPool.allowCoreThreadTimeOut(true);
        }
        return threadPool;
    }

    private void requireLoopThread(String what) {
        if (!inLoopThread()) {
            throw new IllegalStateException(what + " must be called on the loop's own thread"
                    + " (from one of its tasks or callbacks); from elsewhere use callSoonThreadsafe");
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + carrier.getName() + ", " + liveCount + " tasks, " + timers.size() + " timers]";
    }

    // ---------------------------------------------------------------- options

    /** What happens when a wait would close a deadlock (a cycle of waits, or every task asleep). */
    public enum DeadlockPolicy {
        /** Throw {@code dev.weft.diag.DeadlockException} in one waiter, the victim. */
        RAISE,
        /** Hand the report to the diagnostics handler and let the waiters wait on. */
        REPORT,
        /** Report it, and throw it in the victim. */
        BOTH
    }

    /** Which waiter of a deadlock gets the {@code DeadlockException}. */
    public enum DeadlockVictim {
        /** The party created last (the highest thread id): it has usually done the least work. */
        YOUNGEST,
        /** The party whose wait closed the cycle, the last to begin waiting. */
        LAST_TO_WAIT
    }

    /**
     * How a loop runs: its clock, its scheduling policy, its instrument, where unhandled
     * failures go, and what its diagnostics do. Immutable; every {@code with…} returns a new copy.
     *
     * <p>Implementation notes: fields are written only by {@link #copy()}'s callers before the
     * copy is returned, so an options object never changes once anyone else sees it.
     */
    public static final class Options implements Cloneable {
        private static final Options DEFAULTS = new Options();

        Clock clock = Clock.system();
        boolean virtualTime;
        SchedulingPolicy policy = SchedulingPolicy.fifo();
        Instrument instrument;
        BiConsumer<String, Throwable> failureHandler = (what, error) -> LOG.log(System.Logger.Level.WARNING, what, error);
        BiConsumer<String, Throwable> diagnostics = (what, evidence) -> DIAG_LOG.log(System.Logger.Level.WARNING, what, evidence);
        DeadlockPolicy deadlockPolicy = DeadlockPolicy.RAISE;
        DeadlockVictim deadlockVictim = DeadlockVictim.YOUNGEST;
        Duration stallThreshold = Duration.ofMillis(100);
        Duration deadlockGrace = Duration.ofMillis(500);
        boolean spawnStacks = Boolean.getBoolean("weft.spawnStacks");
        List<Object> services = List.of();

        private Options() {
        }

        private Options copy() {
            try {
                return (Options) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        /** The system clock, first-come first-served, no instrument, failures logged. */
        public static Options defaults() {
            return DEFAULTS;
        }

        /**
         * A virtual clock: it starts at zero and jumps to the next timer whenever nothing can
         * run, never while a task is blocked in a JDK call or a {@link Weft#toThread} body runs.
         */
        public Options withVirtualTime() {
            Options o = copy();
            o.virtualTime = true;
            return o;
        }

        /** A seeded choice among ready tasks: the same seed gives the same interleaving. */
        public Options withSeed(long seed) {
            return withPolicy(SchedulingPolicy.seeded(seed));
        }

        /** Any scheduling policy. */
        public Options withPolicy(SchedulingPolicy policy) {
            Options o = copy();
            o.policy = Objects.requireNonNull(policy, "policy");
            return o;
        }

        /** Any clock (a fresh virtual clock per loop is {@link #withVirtualTime()}). */
        public Options withClock(Clock clock) {
            Options o = copy();
            o.clock = Objects.requireNonNull(clock, "clock");
            o.virtualTime = false;
            return o;
        }

        /** Hooks that watch tasks spawn, step, wait and exit. */
        public Options withInstrument(Instrument instrument) {
            Options o = copy();
            o.instrument = instrument;
            return o;
        }

        /**
         * Where failures that nobody else saw go — a task that failed and was never joined, a
         * callback that threw — as a description and the failure. By default they are logged
         * through {@link System.Logger} ({@code dev.weft}) at WARNING, with their stacks.
         */
        public Options withFailureHandler(BiConsumer<String, Throwable> handler) {
            Options o = copy();
            o.failureHandler = Objects.requireNonNull(handler, "handler");
            return o;
        }

        /**
         * Where the findings of {@code dev.weft.diag} go, as a description and the evidence:
         * deadlocks under {@link DeadlockPolicy#REPORT} or {@link DeadlockPolicy#BOTH} (a
         * {@code DeadlockException}), lock-order inversions, stalls and swallowed cancellations
         * (a {@code Diagnosis}), tasks still running when main returned. By default they are
         * logged through {@link System.Logger} ({@code dev.weft.diag}) at WARNING. Called on the
         * loop's thread, except for a stall and a swallowed cancellation, which the watchdog
         * reports from its own thread (the loop may be held).
         */
        public Options withDiagnostics(BiConsumer<String, Throwable> handler) {
            Options o = copy();
            o.diagnostics = Objects.requireNonNull(handler, "handler");
            return o;
        }

        /** What to do when a wait would close a deadlock; {@link DeadlockPolicy#RAISE} by default. */
        public Options withDeadlockPolicy(DeadlockPolicy policy) {
            Options o = copy();
            o.deadlockPolicy = Objects.requireNonNull(policy, "policy");
            return o;
        }

        /** Which waiter of a deadlock is raised in; {@link DeadlockVictim#YOUNGEST} by default. */
        public Options withDeadlockVictim(DeadlockVictim victim) {
            Options o = copy();
            o.deadlockVictim = Objects.requireNonNull(victim, "victim");
            return o;
        }

        /**
         * How long one task step (or callback) may hold the loop before the stall watchdog
         * reports it, once, with its stack and how long it held the loop; also how long a
         * cancelled task may keep waiting in a JDK call before it is reported for swallowing its
         * cancellation. 100 ms by default; {@link Duration#ZERO} turns both off.
         *
         * @throws IllegalArgumentException if negative
         */
        public Options withStallThreshold(Duration threshold) {
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("the stall threshold must not be negative, got " + threshold);
            }
            Options o = copy();
            o.stallThreshold = threshold;
            return o;
        }

        /**
         * On a virtual clock, how long (in real time) every task must sleep with nothing that
         * could wake one before the loop calls it a global deadlock: 500 ms by default, so that
         * a plain thread the loop does not know of, about to set an event, is not mistaken for
         * nobody. Tests that want the verdict at once pass {@link Duration#ZERO}. (A loop on the
         * real clock never calls a global deadlock: any thread might still wake it. Cycles of
         * waits are found on every clock, at once.)
         *
         * @throws IllegalArgumentException if negative
         */
        public Options withDeadlockGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("the deadlock grace must not be negative, got " + grace);
            }
            Options o = copy();
            o.deadlockGrace = grace;
            return o;
        }

        /**
         * Records where each task is spawned, so that orphans and failures nobody joined are
         * reported with that stack. It costs about a microsecond per spawn, so it is off by
         * default; {@code -Dweft.spawnStacks=true} turns it on for every loop.
         */
        public Options withSpawnStacks(boolean record) {
            Options o = copy();
            o.spawnStacks = record;
            return o;
        }

        public boolean virtualTime() {
            return virtualTime;
        }

        public SchedulingPolicy policy() {
            return policy;
        }

        public DeadlockPolicy deadlockPolicy() {
            return deadlockPolicy;
        }

        public DeadlockVictim deadlockVictim() {
            return deadlockVictim;
        }

        public Duration stallThreshold() {
            return stallThreshold;
        }

        public Duration deadlockGrace() {
            return deadlockGrace;
        }

        public boolean spawnStacks() {
            return spawnStacks;
        }

        /**
         * Adds a service that libraries built on the loop find by type with {@link #service}: a
         * {@code dev.weft.net.Transport}, for one, which a simulation installs so that the
         * streams and servers of the loop's tasks run over its in-memory network. Services
         * belong to the loops started with these options and are never seen by any other.
         */
        public Options withService(Object service) {
            Options o = copy();
            List<Object> all = new ArrayList<>(services);
            all.add(Objects.requireNonNull(service, "service"));
            o.services = List.copyOf(all);
            return o;
        }

        /** The service of {@code type} added last with {@link #withService}, or null if none is one. */
        public <S> S service(Class<S> type) {
            for (int i = services.size() - 1; i >= 0; i--) {
                if (type.isInstance(services.get(i))) {
                    return type.cast(services.get(i));
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "Options[" + (virtualTime ? "virtual time" : clock) + ", " + policy + "]";
        }
    }
}
