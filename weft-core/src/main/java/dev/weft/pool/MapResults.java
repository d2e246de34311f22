package dev.weft.pool;

/**
 * The results of {@link Pool#imap} or {@link Pool#mapUnordered}, produced as they are taken.
 * Iterate once. Its iterator's {@code hasNext} waits for the next chunk: from a task it
 * suspends, from a thread it blocks, and it is a cancellation point; a failed chunk's failure is
 * thrown from there, after the chunks still in flight were cancelled.
 *
 * <p><b>Cancellation.</b> {@code hasNext} is a waiting point: a cancelled consumer throws
 * {@link java.util.concurrent.CancellationException}, and the chunks in flight are cancelled
 * (none that has not started runs).
 *
 * <p>{@link #close()} cancels the chunks in flight; stopping early without closing leaves at
 * most the in-flight bound of chunks running to no purpose.
 */
public interface MapResults<R> extends Iterable<R>, AutoCloseable {

    /** Cancels the chunks still in flight and stops reading the input. Never waits; idempotent. */
    @Override
    void close();
}
