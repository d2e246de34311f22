package dev.weft.pool;

import dev.weft.Task;

import java.time.Duration;
import java.util.List;

/**
 * Workers that run jobs preemptively, beside the event loop: a {@link ThreadPool} (platform
 * threads, every core, shared memory) or a {@link ProcessPool} (child JVMs: isolation, crash
 * containment, memory limits). Python's {@code concurrent.futures} executors and
 * {@code multiprocessing.Pool}, with one interface for both.
 *
 * <pre>{@code
 * try (Pool pool = ProcessPool.open(4)) {
 *     List<Long> squares = pool.map(x -> (long) x * x, List.of(1, 2, 3), 1);
 *     Task<String> t = pool.submit(() -> expensive());
 *     String s = t.join();          // a task suspends, a thread blocks
 * }                                 // close(): waits for every job, then stops the workers
 * }</pre>
 *
 * <p><b>Waiting.</b> Every method that waits — {@link Task#join()} of a job, {@code map}, the
 * iterators of {@code imap} and {@code mapUnordered}, {@link #close()} — suspends a calling task
 * (its loop runs on; a virtual clock holds still while jobs run) and blocks a calling thread.
 *
 * <p><b>Cancellation and timeouts.</b> Every such wait is a cancellation point. A job belongs
 * to the task or thread that submitted it: if that owner is cancelled while it waits on the job
 * (a {@code TaskGroup} failing, a {@code Weft.withTimeout} passing), the job is cancelled too —
 * a queued job never runs, a running one is interrupted (threads) or its worker is killed and
 * replaced (processes). A per-job deadline is {@link #submit(String, Duration, SerializableCallable)};
 * a bound on a whole block of waiting is {@code Weft.withTimeout} or {@code get(timeout, unit)}.
 */
public interface Pool extends AutoCloseable {

    /** Runs {@code job} on a worker; the returned task ends with its result. */
    <T> Task<T> submit(SerializableCallable<T> job);

    /**
     * Runs {@code job} under {@code name} (for reports), failing it with
     * {@link dev.weft.TimedOutException} and stopping it if it runs longer than {@code timeout}
     * (null: no limit), counted from when a worker starts it.
     *
     * @throws PoolClosedException once the pool is closing
     */
    <T> Task<T> submit(String name, Duration timeout, SerializableCallable<T> job);

    /**
     * Applies {@code fn} to every input in chunks of {@code chunkSize} items, and returns the
     * results in input order. The input is read lazily with a bounded number of chunks in flight
     * (twice the pool's size), so a huge input does not fill memory. The first failure, in input
     * order, cancels the chunks still in flight and is thrown.
     *
     * <p><b>Cancellation.</b> A waiting point; a cancelled caller cancels its chunks in flight.
     */
    <A, R> List<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input, int chunkSize);

    /** {@link #map(SerializableFunction, Iterable, int)} one item per chunk. */
    default <A, R> List<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input) {
        return map(fn, input, 1);
    }

    /**
     * Like {@link #map} but lazy: results in input order as the caller iterates, the input read
     * as results are taken, at most {@code maxChunksInFlight} chunks submitted and not yet taken
     * (Python's {@code imap} with {@code buffersize}). Close it to call off the chunks in flight
     * when stopping early.
     */
    <A, R> MapResults<R> imap(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
                              int chunkSize, int maxChunksInFlight);

    /** {@link #imap(SerializableFunction, Iterable, int, int)} with twice the pool's size in flight. */
    default <A, R> MapResults<R> imap(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
                                      int chunkSize) {
        return imap(fn, input, chunkSize, 2 * size());
    }

    /**
     * Like {@link #imap} but each chunk's results come as soon as that chunk is done, whatever
     * the input order (Python's {@code imap_unordered}).
     */
    <A, R> MapResults<R> mapUnordered(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
                                      int chunkSize, int maxChunksInFlight);

    /** {@link #mapUnordered(SerializableFunction, Iterable, int, int)} with twice the pool's size in flight. */
    default <A, R> MapResults<R> mapUnordered(SerializableFunction<? super A, ? extends R> fn,
                                              Iterable<? extends A> input, int chunkSize) {
        return mapUnordered(fn, input, chunkSize, 2 * size());
    }

    /** How many jobs run at once: threads or worker processes. */
    int size();

    /**
     * Stops taking new jobs, waits for every job already submitted to end, then stops the
     * workers (a process pool: no worker process outlives this call). Idempotent.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller stops waiting; the pool goes
     * on closing by itself.
     */
    @Override
    void close();

    /**
     * {@link #close()} that waits at most {@code timeout}; then it cancels what is still queued
     * or running (killing those workers) and waits for the workers to stop.
     *
     * @return true if every job ended by itself in time
     */
    boolean close(Duration timeout);

    /**
     * Stops taking new jobs and cancels every job that has not started; running jobs go on, and
     * the workers stop once they end. Never waits; {@link #close()} afterwards waits.
     *
     * @return the cancelled jobs
     */
    List<Task<?>> shutdownNow();

    /** True once {@code close} or {@code shutdownNow} was called. */
    boolean isClosed();
}
