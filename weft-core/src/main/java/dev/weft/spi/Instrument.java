package dev.weft.spi;

import dev.weft.Task;

/**
 * Hooks through which diagnostics, profilers and simulations observe an event loop without
 * reaching inside it. Every method has an empty default; override what you need.
 *
 * <p>All hooks run on the loop's own thread, synchronously, in the middle of the loop's
 * turn: keep them short and never wait in them. A hook that throws is reported and the loop
 * goes on.
 */
public interface Instrument {

    /** {@code task} was created; it has not run yet. */
    default void taskSpawned(Task<?> task) {
    }

    /** {@code task} became ready to run (first start, a wake-up, or a yield). */
    default void taskScheduled(Task<?> task) {
    }

    /** The loop is about to run {@code task} until its next waiting point. */
    default void beforeStep(Task<?> task) {
    }

    /** {@code task} gave the loop back: it waits, yielded, or finished. */
    default void afterStep(Task<?> task) {
    }

    /**
     * {@code task} began to wait on {@code resource} (a lock, queue, event, task, timer…).
     * Called from the task itself, just before it parks.
     */
    default void waitStarted(Task<?> task, Object resource) {
    }

    /** {@code task} stopped waiting on {@code resource}: it was woken, timed out or cancelled. */
    default void waitEnded(Task<?> task, Object resource) {
    }

    /**
     * {@code task} reached a switch point: the start of a Weft sync operation on
     * {@code resource} (a lock, semaphore, queue, event, condition, barrier, promise or stream
     * operation), waiting or not — an acquire or a take as much as a release, an offer, a set
     * or a state read. Called from the task itself, before the operation touches its
     * primitive, with no monitor held.
     *
     * <p>Unlike the other hooks this one may give the loop back, with {@link Thread#yield()}:
     * a simulation does so to let another task run first, which is how it explores the
     * interleavings of its tasks. It must not wait in any other way.
     */
    default void switchPoint(Task<?> task, Object resource) {
    }

    /** {@code task} finished; its state is final. */
    default void taskExited(Task<?> task) {
    }
}
