package dev.weft.spi;

import dev.weft.EventLoop;
import dev.weft.Task;

/**
 * Watches event loops start and close, for watchdogs that sample them from their own thread
 * ({@link EventLoop#activity()}). Found with {@link java.util.ServiceLoader} like
 * {@link WaitObserver}; {@code dev.weft.diag} provides the stall watchdog this way.
 *
 * <p>Hooks run synchronously on the loop's thread; they must return quickly and never wait. A
 * hook that throws is reported and the loop goes on.
 */
public interface LoopObserver {

    /** {@code loop} is about to run its first task. */
    default void loopStarted(EventLoop loop) {
    }

    /** {@code loop} has ended its last task and closes. */
    default void loopClosed(EventLoop loop) {
    }

    /**
     * {@code task} has a cancellation pending, yet it just parked in a JDK call (a blocking
     * socket, {@code Thread.sleep}…) instead of unwinding: the interrupt that cancels such calls
     * was swallowed, or cleared, somewhere. {@code thread} is the task's thread, for its stack.
     * A watchdog confirms it (the task still waits a while later) before reporting it.
     */
    default void cancelledTaskBlocked(EventLoop loop, Task<?> task, Thread thread) {
    }
}
