package dev.weft.profile.bench;

import dev.weft.profile.Execution;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One way of running a batch of jobs, at a given parallelism: the bench opens one per
 * {@link Execution} and size, runs every class of workload through it, then closes it.
 *
 * <p>{@link #runAll} starts every job, at most {@link #parallelism()} at once, and returns when
 * all have ended; the first failure is thrown once all have ended.
 */
public interface Runner extends AutoCloseable {
    Execution execution();

    /** How many jobs may run at once. */
    int parallelism();

    /**
     * Runs every job and waits for them all.
     *
     * <p><b>Cancellation.</b> A waiting point: an interrupt of the calling thread ends the wait with
     * {@link InterruptedException} or {@link java.util.concurrent.CancellationException}; jobs
     * already started run on until {@link #close}, which stops the runner's loops, threads or workers.
     */
    void runAll(List<Job> jobs) throws Exception;

    /**
     * Waits for every one of {@code started}, then throws the first failure in their order, as
     * the job threw it.
     */
    static void awaitAll(List<? extends Future<?>> started) throws Exception {
        Exception failure = null;
        for (Future<?> f : started) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the runner's loops, threads or processes. */
    @Override
    void close();

    /** "thread pool × 4" */
    default String describe() {
        return execution().label() + " × " + parallelism();
    }

    /**
     * Opens a runner.
     *
     * @throws UnsupportedOperationException when this build cannot run that mode (the message says why)
     */
    static Runner open(Execution execution, int parallelism, int cores) {
        return open(execution, parallelism, cores, List.of());
    }

    /**
     * Opens a runner whose worker processes, if it has any, prepare the suite workloads named in
     * {@code prepare} before their first job.
     */
    static Runner open(Execution execution, int parallelism, int cores, List<String> prepare) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        return switch (execution) {
            case SEQUENTIAL -> new SequentialRunner();
            case LOOP -> new LoopRunner(parallelism);
            case LOOPS -> new LoopGroupRunner(parallelism, Math.min(parallelism, cores));
            case THREAD_POOL -> new ThreadPoolRunner(parallelism);
            case PROCESS_POOL -> new ProcessPoolRunner(parallelism, prepare);
        };
    }
}
