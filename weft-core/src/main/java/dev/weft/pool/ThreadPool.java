package dev.weft.pool;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.Wakers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of platform threads that run jobs preemptively, on every core: for CPU-bound
 * Java code (no GIL) and blocking libraries. Python's {@code ThreadPoolExecutor}.
 *
 * <pre>{@code
 * try (ThreadPool pool = ThreadPool.open(Runtime.getRuntime().availableProcessors())) {
 *     long primes = pool.map(Primes::countIn, ranges, 1).stream().mapToLong(Long::longValue).sum();
 * }
 * }</pre>
 *
 * <p>Jobs are never serialized here, so a lambda may capture anything. A cancelled or timed-out
 * job that is running is interrupted; one that ignores interrupts runs on to its end (its result
 * is dropped), as in the JDK's executors. The threads are daemon threads: close the pool to wait
 * for its jobs.
 *
 * <p>Implementation notes: a {@link ThreadPoolExecutor} with an unbounded queue runs
 * {@link Job}s; a job's {@code started}/{@code runner} are guarded by the job's monitor so that
 * "cancelled before it started" (removed, never runs) and "cancelled while running"
 * (interrupted) are told apart exactly. {@code terminated} is settled by the executor's
 * {@code terminated()} hook, and is what {@link #close()} waits on.
 */
public final class ThreadPool extends AbstractPool {
    private final int threads;
    private final Promise<Void> terminated;
    private final Executor executor;

    private ThreadPool(String name, int threads) {
        super("thread-pool", name);
        this.threads = threads;
        this.terminated = new Promise<>("termination of " + this.name);
        this.executor = new Executor(this.name, threads, terminated);
    }

    /** A pool of {@code threads} threads, started at once. */
    public static ThreadPool open(int threads) {
        return open(null, threads);
    }

    /** A pool named {@code name} (its threads are {@code name-1}, {@code name-2}…). */
    public static ThreadPool open(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a thread pool needs at least 1 thread, not " + threads);
        }
        return new ThreadPool(name, threads);
    }

    @Override
    <T> void start(PoolTask<T> task, SerializableCallable<T> job, long timeoutNanos) {
        Job<T> j = new Job<>(this, task, job, timeoutNanos);
        task.canceller(j::cancelled);
        task.settledBy(j::settlers);
        try {
            executor.execute(j);
        } catch (RejectedExecutionException e) {
            throw new PoolClosedException(name + " is closed: it takes no new jobs");
        }
    }

    @Override
    public int size() {
        return threads;
    }

    @Override
    public void close() {
        executor.shutdown();
        Waits.outside(terminated::join);
        reportUnobserved();
    }

    @Override
    public boolean close(Duration timeout) {
        executor.shutdown();
        if (Waits.settledWithin(terminated, timeout)) {
            reportUnobserved();
            return true;
        }
        // the time ran out: call off everything, then wait for the threads to end
        shutdownNow();
        for (Runnable r : executor.running()) {
            ((Job<?>) r).task.cancel();
        }
        Waits.outside(terminated::join);
        reportUnobserved();
        return false;
    }

    @Override
    public List<Task<?>> shutdownNow() {
        executor.shutdown();
        List<Runnable> queued = new ArrayList<>();
        executor.getQueue().drainTo(queued);
        List<Task<?>> cancelled = new ArrayList<>();
        for (Runnable r : queued) {
            PoolTask<?> t = ((Job<?>) r).task;
            if (t.cancel()) {
                cancelled.add(t);
            }
        }
        return cancelled;
    }

    @Override
    public boolean isClosed() {
        return executor.isShutdown();
    }

    /** One submitted job on its way through the executor. */
    private static final class Job<T> implements Runnable {
        final ThreadPool pool;
        final PoolTask<T> task;
        final SerializableCallable<T> body;
        final long timeoutNanos;
        private boolean started;
        private Thread runner;

        Job(ThreadPool pool, PoolTask<T> task, SerializableCallable<T> body, long timeoutNanos) {
            this.pool = pool;
            this.task = task;
            this.body = body;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (task.isDone()) {
                    return;
                }
                started = true;
                runner = Thread.currentThread();
            }
            ScheduledFuture<?> timer = timeoutNanos >= 0
                    ? Waits.schedule(timeoutNanos, () -> task.timeOut(Duration.ofNanos(timeoutNanos))) : null;
            try {
                task.succeed(body.call());
            } catch (Throwable e) {
                task.failWith(e);
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
                synchronized (this) {
                    runner = null;
                    // An interrupt meant for this job must not reach the pool's next one.
                    Thread.interrupted();
                }
            }
        }

        /**
         * Who could finish the job now, for the wait-for graph: while it is queued, any of the
         * pool's threads, since each would take it up once free (so jobs joining jobs queued
         * behind them, with no thread left to run those, are a cycle: thread starvation); while
         * it runs, its thread, unless its timeout will end it anyway.
         */
        synchronized Thread[] settlers() {
            if (task.isDone()) {
                return Wakers.ANYONE;
            }
            if (!started) {
                return pool.executor.threads();
            }
            return runner != null && timeoutNanos < 0 ? new Thread[] {runner} : Wakers.ANYONE;
        }

        /** The task was called off: drop the job if queued, interrupt it if running. */
        synchronized void cancelled() {
            if (!started) {
                pool.executor.remove(this);
            } else if (runner != null) {
                runner.interrupt();
            }
        }
    }

    /**
     * The executor, with a hook that settles {@code terminated}, a view of running jobs and its
     * threads (started at once and kept to the end: a job's failure never ends its thread).
     */
    private static final class Executor extends ThreadPoolExecutor {
        private final Promise<Void> terminated;
        private final Set<Runnable> running = ConcurrentHashMap.newKeySet();
        private final Set<Thread> threads;

        Executor(String name, int threads, Promise<Void> terminated) {
            this(name, threads, terminated, ConcurrentHashMap.newKeySet());
        }

        private Executor(String name, int threads, Promise<Void> terminated, Set<Thread> started) {
            super(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory(name, started));
            this.terminated = terminated;
            this.threads = started;
            prestartAllCoreThreads();
        }

        private static ThreadFactory factory(String name, Set<Thread> started) {
            AtomicInteger ids = new AtomicInteger();
            return r -> {
                Thread t = Thread.ofPlatform().daemon().name(name + "-" + ids.incrementAndGet()).unstarted(r);
                started.add(t);
                return t;
            };
        }

        Thread[] threads() {
            return threads.toArray(Thread[]::new);
        }

        @Override
        protected void beforeExecute(Thread t, Runnable r) {
            running.add(r);
        }

        @Override
        protected void afterExecute(Runnable r, Throwable t) {
            running.remove(r);
        }

        List<Runnable> running() {
            return new ArrayList<>(running);
        }

        @Override
        protected void terminated() {
            terminated.complete(null);
        }
    }
}
