package dev.weft;

import java.util.concurrent.Future;

/**
 * A unit of work running on an {@link EventLoop}: a virtual thread mounted only on its loop's
 * carrier thread, so it runs until it waits and shares plain fields with its sibling tasks
 * between waiting points. Create one with {@link Weft#spawn} or {@link TaskGroup#spawn}.
 *
 * <p>A task is also a {@link Future}; {@link #get()} waits like {@link #join()} but wraps the
 * failure in an {@link java.util.concurrent.ExecutionException}.
 */
public interface Task<T> extends Future<T> {

    /**
     * Waits for the task to end and returns its result. From a task, the caller suspends and
     * its loop runs on; from a plain thread, the thread blocks.
     *
     * <p>Rethrows the task's {@code RuntimeException} or {@code Error} as it was thrown; a
     * checked exception arrives wrapped in {@link TaskFailedException}. If the task was
     * cancelled, throws {@link java.util.concurrent.CancellationException}.
     *
     * <p><b>Cancellation.</b> A waiting point. If the caller is cancelled while it waits it
     * throws {@code CancellationException}; the task it waited for is not affected.
     */
    T join();

    /**
     * Asks the task to stop: it sees {@link java.util.concurrent.CancellationException} at its
     * current or next waiting point, and a JDK blocking call it is in is interrupted; its
     * {@code finally} blocks run. Never blocks and never waits for the task to end.
     *
     * @return true unless the task had already ended
     */
    boolean cancel();

    /** Same as {@link #cancel()}; tasks are always interrupted when cancelled. */
    @Override
    default boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /** The task's name, given at spawn or made up ({@code Task-N}). */
    String name();

    /** RUNNING until the task ends, then SUCCESS, FAILED or CANCELLED. */
    @Override
    State state();
}
