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
 *
 * <p><b>Failures.</b> A job's failure is its task's: {@code join} rethrows it. A job that failed
 * and that nobody joined is logged ({@code System.Logger} {@code dev.weft.pool}, WARNING) when
 * the pool closes, so that no failure is lost.
 */
public interface Pool extends AutoCloseable {

    /**
     * Runs {@code job} on a worker; the returned task ends with its result. Never waits.
     *
     * @throws PoolClosedException once the pool is closing
     * @throws IllegalArgumentException for a process pool, if the job cannot be serialized
     */
    <T> Task<T> submit(SerializableCallable<T> job);

    /**
     * Runs {@code job} under {@code name} (for reports), failing it with
     * {@link dev.weft.TimedOutException} and stopping it if it runs longer than {@code timeout}
     * (null: no limit), counted from when a worker starts it. Never waits.
     *
     * @throws PoolClosedException once the pool is closing
     */
    <T> Task<T> submit(String name, Duration timeout, SerializableCallable<T> job);

    /**
     * Applies {@code fn} to every input in chunks of {@code chunkSize} items, and returns the
     * results in input order. The input is read lazily with a bounded number of chunks in flight
     * ({@link #defaultInFlight()}), so a huge input does not fill memory. The first failure, in input
     * order, cancels the chunks still in flight and is thrown. In a process pool the function is
     * sent once to each worker that runs a chunk, and reused there for the map's later chunks.
     *
     * <p><b>Cancellation.</b> A waiting point; a cancelled caller cancels its chunks in flight
     * (none that has not started runs) and throws {@link java.util.concurrent.CancellationException}.
     */
    <A, R> List<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input, int chunkSize);

    /** {@link #map(SerializableFunction, Iterable, int)} one item per chunk. */
    default <A, R> List<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input) {
        return map(fn, input, 1);
    }

    /**
     * Like {@link #map} but lazy: results in input order as the caller iterates, the input read
     * as results are taken, at most {@code maxChunksInFlight} chunks submitted and not yet taken
     * (Python's {@code imap} with {@code buffersize}): an infinite input works. Close it to call
     * off the chunks in flight when stopping early. Returns at once; the waiting is in the
     * iteration (see {@link MapResults}).
     */
    <A, R> MapResults<R> imap(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
                              int chunkSize, int maxChunksInFlight);

    /** {@link #imap(SerializableFunction, Iterable, int, int)} with {@link #defaultInFlight()} chunks in flight. */
    default <A, R> MapResults<R> imap(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
                                      int chunkSize) {
        return imap(fn, input, chunkSize, defaultInFlight());
    }

    /**
     * Like {@link #imap} but each chunk's results come as soon as that chunk is done, whatever
     * the input order (Python's {@code imap_unordered}). Returns at once.
     */
    <A, R> MapResults<R> mapUnordered(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
                                      int chunkSize, int maxChunksInFlight);

    /** {@link #mapUnordered(SerializableFunction, Iterable, int, int)} with {@link #defaultInFlight()} chunks in flight. */
    default <A, R> MapResults<R> mapUnordered(SerializableFunction<? super A, ? extends R> fn,
                                              Iterable<? extends A> input, int chunkSize) {
        return mapUnordered(fn, input, chunkSize, defaultInFlight());
    }

    /** How many jobs run at once: threads or worker processes. */
    int size();

    /**
     * The bound on chunks in flight that {@code map} uses, and {@code imap} and
     * {@code mapUnordered} when not given one: four per worker, at least 16. Enough that workers
     * never wait for the caller to take results and send more; few enough that a huge input
     * stays where it is.
     */
    default int defaultInFlight() {
        return Math.max(16, 4 * size());
    }

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
     * or running (interrupting those threads, killing those worker processes) and waits for the
     * workers to stop.
     *
     * <p><b>Cancellation.</b> A waiting point, as {@link #close()}.
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
