package dev.weft.profile.bench;

import dev.weft.profile.Execution;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the jobs on a pool of {@code parallelism} platform threads, one job per thread at a time. */
final class ThreadPoolRunner implements Runner {
    private final int parallelism;
    private final ExecutorService pool;

    ThreadPoolRunner(int parallelism) {
        this.parallelism = parallelism;
        this.pool = Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().name("bench-thread-", 0).factory());
    }

    @Override
    public Execution execution() {
        return Execution.THREAD_POOL;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public void runAll(List<Job> jobs) throws Exception {
        List<Future<Void>> done = new ArrayList<>();
        for (Job job : jobs) {
            done.add(pool.submit(job::run));
        }
        Runner.awaitAll(done);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        pool.close();
    }
}
