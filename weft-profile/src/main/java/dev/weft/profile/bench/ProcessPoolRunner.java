package dev.weft.profile.bench;

import dev.weft.Task;
import dev.weft.pool.ProcessPool;
import dev.weft.profile.Execution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the jobs on a process pool of {@code parallelism} worker JVMs.
 *
 * <p>Before its first job every worker prepares the workloads it is given and runs each as long
 * as the bench warms one up in its own JVM (the pool's initializer), so that no timed job pays
 * for building a workload's data or for the JIT in a fresh process; the runner is open once
 * they all are, and have run a few hundred tiny jobs each so that the way a job comes in and
 * goes out is compiled too. Workers are started without a spare: the bench counts the processes it asked for.
 */
final class ProcessPoolRunner implements Runner {
    private static final Duration READY_WITHIN = Duration.ofMinutes(2);
    /** Tiny jobs per worker that take the workers' JIT through a job's way in and out. */
    private static final int PATH_WARM_UP_JOBS = 400;
    private final int parallelism;
    private final ProcessPool pool;

    ProcessPoolRunner(int parallelism, List<String> prepare) {
        this.parallelism = parallelism;
        String[] names = prepare.toArray(String[]::new);
        this.pool = ProcessPool.open(ProcessPool.Options.workers(parallelism).name("bench-process")
                .spares(0).initializer(() -> {
                    for (String name : names) {
                        try {
                            PreparedWorkloads.warm(name, Bench.WARM_UP);
                        } catch (Exception e) {
                            throw new IllegalStateException("could not warm up workload " + name + ": " + e, e);
                        }
                    }
                }));
        try {
            if (!pool.awaitReady(READY_WITHIN)) {
                throw new IllegalStateException("the bench's " + parallelism + " worker processes were not ready within "
                        + READY_WITHIN.toSeconds() + " s");
            }
            warmJobPath();
        } catch (Exception e) {
            pool.shutdownNow();
            pool.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * Sends each worker a few hundred jobs that do nothing: deserializing a job and answering it
     * costs a fresh worker ~0.5 ms a job until its JIT has compiled that path (~50 µs after), which
     * the bench's own JVM has long done for its in-process runners.
     */
    private void warmJobPath() throws Exception {
        List<Task<Object>> tiny = new ArrayList<>();
        for (int i = 0; i < PATH_WARM_UP_JOBS * parallelism; i++) {
            tiny.add(pool.submit(() -> null));
        }
        Runner.awaitAll(tiny);
    }

    @Override
    public Execution execution() {
        return Execution.PROCESS_POOL;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public void runAll(List<Job> jobs) throws Exception {
        List<Task<Void>> started = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            started.add(pool.submit(job::run));
        }
        Runner.awaitAll(started);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        pool.close();
    }
}
