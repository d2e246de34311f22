package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.Weft;
import dev.weft.Cancellable;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * One simulated run: a fresh loop on a virtual clock whose scheduler makes the choices of one
 * schedule, with the {@link Monitor} watching and a fresh {@link SimNetwork} as the loop's
 * transport; and what came of it.
 *
 * <p>Implementation notes: the loop runs on the calling thread ({@link Weft#run}). The time
 * limit is a timer on the loop itself, so it fires exactly when the virtual clock passes it —
 * which, when nothing else is scheduled, is at once. The network is seeded by the schedule's
 * random seed, in a guided run too, so a shrunk run meets the same network as the run it
 * shrinks.
 */
final class Run {
    /** The bounds of one run. */
    record Limits(int steps, Duration time) {
        static final Limits DEFAULT = new Limits(200_000, Duration.ofHours(1));
    }

    /**
     * What one run came to.
     *
     * @param value    main's result, if it ended normally
     * @param failure  the first failure: main's own, or a leak, deadlock, time-out or unhandled one; null if none
     * @param steps    scheduling steps taken
     * @param choices  each step's choice, as unit ids
     * @param preemptions how many choices took the loop away from a unit still ready
     * @param trace    the readable trace, or null if not traced
     */
    record Outcome(Object value, Throwable failure, int steps, int[] choices, int preemptions, String trace) {
        boolean failed() {
            return failure != null;
        }
    }

    private Run() {
    }

    static Outcome of(Schedule schedule, Limits limits, boolean traced, Callable<?> main) {
        Monitor monitor = new Monitor(traced);
        return run(monitor, new Scheduler(schedule, limits.steps(), monitor), schedule, limits, main);
    }

    /** Repeats {@code choices}, a run of {@code schedule}, on the network {@code schedule} seeds. */
    static Outcome guided(Schedule schedule, int[] choices, Limits limits, boolean traced, Callable<?> main) {
        Monitor monitor = new Monitor(traced);
        return run(monitor, new Scheduler(choices, limits.steps(), monitor), schedule, limits, main);
    }

    private static Outcome run(Monitor monitor, Scheduler scheduler, Schedule schedule, Limits limits,
                               Callable<?> main) {
        monitor.use(scheduler);
        SimNetwork network = new SimNetwork(schedule.random(), monitor);
        monitor.use(network);
        // The monitor finds deadlocks itself, with the simulation's labels; weft's own graph only
        // reports them (and its lock-order and stall findings would repeat in every schedule).
        EventLoop.Options options = EventLoop.Options.defaults().withVirtualTime().withPolicy(scheduler)
                .withInstrument(monitor).withFailureHandler(monitor::unhandled)
                .withDeadlockPolicy(EventLoop.DeadlockPolicy.REPORT).withDiagnostics((what, evidence) -> { })
                .withService(network.transport());
        Object value = null;
        Throwable failure = null;
        try {
            value = Weft.run(options, () -> {
                monitor.attach(Weft.loop(), Weft.currentTask());
                Cancellable watchdog = Weft.loop().callLater(limits.time(), () -> monitor.timeLimitReached(limits.time()));
                try {
                    return main.call();
                } finally {
                    watchdog.cancel();
                }
            });
        } catch (Throwable e) {
            failure = e;
        }
        if (monitor.problem() != null && (failure == null || !monitor.problemAfterMain())) {
            failure = monitor.problem();
        }
        String trace = null;
        if (monitor.trace() != null) {
            trace = monitor.trace().toString();
        }
        return new Outcome(value, failure, scheduler.steps(), scheduler.choices(), scheduler.preemptions(), trace);
    }
}
