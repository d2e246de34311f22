package dev.weft.pool;

import dev.weft.Task;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What {@link ThreadPool} and {@link ProcessPool} share: job names, argument checks, and the
 * map family, built on {@link #start}.
 *
 * <p>Implementation notes: a pool only has to start a {@link PoolTask} (queue it, run it, settle
 * it, honour its canceller); {@code map}, {@code imap} and {@code mapUnordered} are
 * {@link MapRun}s of chunk jobs over it.
 */
abstract sealed class AbstractPool implements Pool permits ThreadPool, ProcessPool {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final Duration LONGEST = Duration.ofDays(36_500);

    private static final System.Logger LOG = System.getLogger("dev.weft.pool");
    /** Unjoined failures kept for the report at close; beyond these, only counted. */
    static final int MAX_UNOBSERVED = 1_000;

    final String name;
    private final Set<PoolTask<?>> unobserved = ConcurrentHashMap.newKeySet();
    private final AtomicLong unobservedDropped = new AtomicLong();
    private final AtomicLong jobIds = new AtomicLong();
    private final AtomicLong mapIds = new AtomicLong();

    AbstractPool(String kind, String name) {
        this.name = name != null ? name : kind + "-" + POOL_IDS.incrementAndGet();
    }

    /**
     * Queues {@code job} as {@code task}, with a timeout in nanoseconds counted from its start
     * (negative: none). Sets the task's canceller before the job can start.
     *
     * @throws PoolClosedException once the pool is closing
     */
    abstract <T> void start(PoolTask<T> task, SerializableCallable<T> job, long timeoutNanos);

    @Override
    public final <T> Task<T> submit(SerializableCallable<T> job) {
        return submit(null, null, job);
    }

    @Override
    public final <T> Task<T> submit(String jobName, Duration timeout, SerializableCallable<T> job) {
        Objects.requireNonNull(job, "job");
        long nanos = -1;
        if (timeout != null) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("a job's timeout must not be negative, not " + timeout);
            }
            nanos = (timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout).toNanos();
        }
        PoolTask<T> task = new PoolTask<>(jobName != null ? jobName : name + " job " + jobIds.incrementAndGet(), this,
                null);
        start(task, job, nanos);
        return task;
    }

    /** A fresh number for one map run, for its chunks' names. */
    final long nextMapId() {
        return mapIds.incrementAndGet();
    }

    /** Submits one map chunk; {@code onDone} (may be null) hears when it settles. */
    final <R> PoolTask<List<R>> submitChunk(String chunkName, Chunk<?, R> chunk, Consumer<? super PoolTask<List<R>>> onDone) {
        PoolTask<List<R>> task = new PoolTask<>(chunkName, this, onDone);
        start(task, chunk, -1);
        return task;
    }

    @Override
    public final <A, R> List<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
                                    int chunkSize) {
        return new MapRun<A, R>(this, fn, input, chunkSize, defaultInFlight(), true).toList();
    }

    @Override
    public final <A, R> MapResults<R> imap(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
                                           int chunkSize, int maxChunksInFlight) {
        return new MapRun<A, R>(this, fn, input, chunkSize, maxChunksInFlight, true);
    }

    @Override
    public final <A, R> MapResults<R> mapUnordered(SerializableFunction<? super A, ? extends R> fn,
                                                   Iterable<? extends A> input, int chunkSize, int maxChunksInFlight) {
        return new MapRun<A, R>(this, fn, input, chunkSize, maxChunksInFlight, false);
    }

    /** A job failed before anyone asked for its outcome: kept, up to a bound, to report at close. */
    final void failedUnobserved(PoolTask<?> task) {
        if (unobserved.size() < MAX_UNOBSERVED) {
            unobserved.add(task);
        } else {
            unobservedDropped.incrementAndGet();
        }
    }

    final void observed(PoolTask<?> task) {
        unobserved.remove(task);
    }

    /** Once closed: logs every job that failed and was never joined, so that no failure is lost. */
    final void reportUnobserved() {
        for (PoolTask<?> t : unobserved) {
            if (unobserved.remove(t)) {
                LOG.log(System.Logger.Level.WARNING, t.name() + " failed, and nobody joined it", t.failure());
            }
        }
        long more = unobservedDropped.getAndSet(0);
        if (more > 0) {
            LOG.log(System.Logger.Level.WARNING, more + " more jobs of " + name + " failed, and nobody joined them");
        }
    }

    /** The pool's name, as used in job names, thread names and reports. */
    public final String name() {
        return name;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + size() + (isClosed() ? ", closed" : "") + "]";
    }
}
