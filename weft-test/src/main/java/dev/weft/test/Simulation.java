package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;

import java.util.concurrent.Callable;

/**
 * Deterministic simulation: runs code on a loop whose every source of nondeterminism — the
 * clock, the choice of which ready task runs next, the preemption of simulated threads — is
 * taken from one seed, so that the same seed replays the same run exactly, to the byte of its
 * trace.
 *
 * <pre>{@code
 * int total = Simulation.run(42, () -> {
 *     int[] balance = {0};
 *     Lock lock = new Lock("balance");
 *     List<Task<Void>> tellers = List.of(
 *             Simulation.thread(() -> { try (var held = lock.hold()) { balance[0] += 10; } return null; }),
 *             Simulation.thread(() -> { try (var held = lock.hold()) { balance[0] -= 3; } return null; }));
 *     tellers.forEach(Task::join);
 *     return balance[0];
 * });
 * }</pre>
 *
 * <p>Inside a simulation, every Weft sync operation is a switch point — the waiting ones
 * (acquire, put, take, await, join, stream reads…; whether or not they wait), the ones that
 * never wait (release, tryAcquire, offer, poll, set, signal, close, complete, stream writes,
 * and state reads such as {@code size()} or {@code isSet()}), every wait itself and every
 * {@link #point()} — for tasks and simulated threads alike: there the scheduler may run anyone
 * ready instead.
 *
 * <p>Every {@code TcpServer} and {@code TcpStream} a simulated task opens runs on the
 * simulation's in-memory {@link #network()}, with the API, limits, timeouts and exceptions of
 * real sockets, so a server and a client written for real sockets run here unchanged; its
 * latencies, reorderings, losses and partitions are drawn from the seed too.
 *
 * <p>The clock is virtual: it jumps to the next timer when nothing can run, so a scenario that
 * sleeps for an hour takes no real time. A task that waits on anything the simulation does not
 * control ({@code Thread.sleep}, a blocking JDK socket, a JDK lock, a foreign thread,
 * {@code Weft.toThread}) ends the run with a {@link NondeterminismException} that carries its
 * stack. Code that spins on the carrier without ever reaching a switch point
 * cannot be preempted: put a {@link #point()} in such loops.
 *
 * <p>To search many seeds for one that breaks an invariant, use {@link Explorer}.
 *
 * <p>Implementation notes: a simulation is a loop ({@link Weft#run}) with a virtual clock,
 * the seed's {@link Scheduler} as its policy, a {@link Monitor} as its instrument and a fresh
 * {@link SimNetwork}'s transport as a service; the monitor (and through it the network) is
 * found again from any of its tasks through the loop's policy.
 */
public final class Simulation {
    private Simulation() {
    }

    /**
     * Runs {@code main} as the main task of a fresh simulation driven by {@code seed}, and
     * returns its result. {@code seed} is any number (a RANDOM schedule) or a seed printed by an
     * {@link Explorer}, which also fixes the strategy and its parameters.
     *
     * @throws IllegalStateException inside a running loop
     * @throws NondeterminismException if a task waited on something outside the simulation
     * @throws dev.weft.diag.DeadlockException if every task waits and nothing can wake one
     * @throws SimulationTimeoutException if the run passed its step or virtual time limit
     * @throws UnhandledFailureException if a task failed and nobody joined it
     * @throws RuntimeException or {@link Error}: main's own failure, as {@link Task#join()} throws it
     */
    public static <T> T run(long seed, Callable<T> main) {
        Run.Outcome outcome = Run.of(Schedule.decode(seed), Run.Limits.DEFAULT, false, main);
        if (outcome.failed()) {
            throw sneaky(outcome.failure());
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome.value();
        return value;
    }

    /** {@link #thread(String, Callable)} with a name of the form {@code thread-N}. */
    public static <T> Task<T> thread(Callable<T> body) {
        return thread(null, body);
    }

    /**
     * Starts {@code body} as a simulated thread: a unit of the simulation that the scheduler
     * may preempt at each of its switch points, as the OS preempts a thread — so lost updates,
     * atomicity violations and lock-order deadlocks between threads are explorable. Join it
     * like any task; in traces it shows as {@code thread 'name'}.
     *
     * @throws IllegalStateException outside a simulation
     */
    public static <T> Task<T> thread(String name, Callable<T> body) {
        Monitor monitor = monitor();
        if (monitor == null) {
            throw new IllegalStateException("Simulation.thread needs a running simulation:"
                    + " call it inside Simulation.run or a scenario run by an Explorer");
        }
        return monitor.spawnThread(name, body);
    }

    /**
     * An explicit switch point: the scheduler may run another task or thread here. Put one
     * between a read and the write that depends on it to let exploration find what happens
     * when someone else runs in between. Outside a simulation it does nothing.
     *
     * <p><b>Cancellation.</b> Inside a simulation, a cancellation point, as
     * {@link Weft#yieldNow()} is.
     */
    public static void point() {
        Monitor monitor = monitor();
        if (monitor != null) {
            monitor.point(Weft.currentTask());
        }
    }

    /**
     * The running simulation's network, on which every {@code TcpServer} and {@code TcpStream}
     * of its tasks runs: set its latency, loss and reordering, add hosts, partition and heal.
     *
     * @throws IllegalStateException outside a simulation
     */
    public static SimNetwork network() {
        Monitor monitor = monitor();
        if (monitor == null) {
            throw new IllegalStateException("Simulation.network needs a running simulation:"
                    + " call it inside Simulation.run or a scenario run by an Explorer");
        }
        return monitor.network();
    }

    /** True when called from a task of a running simulation. */
    public static boolean isActive() {
        return monitor() != null;
    }

    private static Monitor monitor() {
        EventLoop loop;
        try {
            loop = Weft.loop();
        } catch (IllegalStateException outsideAnyLoop) {
            return null;
        }
        return loop.options().policy() instanceof Scheduler s ? s.monitor() : null;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
