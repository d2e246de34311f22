package dev.weft.spi;

/**
 * Where an event loop reads the time. One of the three seams through which nondeterminism
 * enters a loop (with {@link SchedulingPolicy} and {@code EventLoop.callSoonThreadsafe}).
 *
 * <p>The loop reads the clock only on its own thread; implementations need not be thread-safe
 * unless they are shared between loops.
 */
public interface Clock {

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /**
     * True when the loop may move this clock itself: when nothing can run and nothing outside
     * the loop could wake a task, the loop jumps the clock to its next timer instead of waiting.
     */
    default boolean isVirtual() {
        return false;
    }

    /** The system's monotonic clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** A fresh virtual clock starting at zero. */
    static VirtualClock virtual() {
        return new VirtualClock();
    }
}
