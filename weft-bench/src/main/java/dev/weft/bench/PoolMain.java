package dev.weft.bench;

import dev.weft.Task;
import dev.weft.pool.Pool;
import dev.weft.pool.ProcessPool;
import dev.weft.pool.ThreadPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Thread and process pools measured the way {@code peers/py_pool.py} measures CPython's, for the
 * side-by-side table of {@code run-pool-peers.sh}.
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar dev.weft.bench.PoolMain \
 *      scaling LIMIT [ROUNDS] | roundtrip TASKS [ROUNDS] | startup [ROUNDS]
 * </pre>
 *
 * <ul>
 *   <li>{@code scaling}: count the primes below LIMIT by trial division, in {@value #RANGES} ranges:
 *       sequentially on this thread, with a 2-thread {@link ThreadPool} and with a 2-worker
 *       {@link ProcessPool} ({@code map}, one range per chunk). Pools are opened once and warmed by
 *       {@value #WARM_UP_ROUNDS} rounds (the JIT of the workers compiles the job and the path through
 *       the pipe, as in a pool that has been serving a while); {@code processes_cold} times opening
 *       and closing a fresh pool around one round.
 *   <li>{@code roundtrip}: a job that returns its argument, through each pool: one at a time
 *       ({@code submit(...).join()}, TASKS times: the latency of a round trip) and in a batch (TASKS
 *       submitted, then all joined: the per-job cost when the pool is kept busy).
 *   <li>{@code startup}: a 1-worker pool opened and its first job joined: the worker's start-up
 *       (launch to ready, as the pool measured it) without and with the start-up cache; and how
 *       long the job after a crash waits, with a spare worker and without one.
 * </ul>
 *
 * <p>Each figure is the median of ROUNDS (default 5) rounds. Prints one line of {@code key=value}.
 */
public final class PoolMain {
    static final int RANGES = 128;
    /** Rounds run before the measured ones, on every pool and the sequential loop. */
    static final int WARM_UP_ROUNDS = 3;

    private PoolMain() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "scaling" -> scaling(arg(args, 1, 0), (int) arg(args, 2, 5));
            case "roundtrip" -> roundTrip((int) arg(args, 1, 0), (int) arg(args, 2, 5));
            case "startup" -> startup((int) arg(args, 1, 5));
            default -> usage();
        }
    }

    private static long arg(String[] args, int i, long otherwise) {
        if (i < args.length) {
            return Long.parseLong(args[i]);
        }
        if (otherwise == 0) {
            usage();
        }
        return otherwise;
    }

    private static void usage() {
        System.err.println("usage: PoolMain scaling LIMIT [ROUNDS] | roundtrip TASKS [ROUNDS] | startup [ROUNDS]");
        System.exit(2);
    }

    // ------------------------------------------------------------------ the CPU-bound job

    /** How many primes in {@code [range[0], range[1])}, by trial division: plain CPU work, no memory. */
    public static long countPrimes(long[] range) {
        long count = 0;
        for (long n = Math.max(2, range[0]); n < range[1]; n++) {
            if (isPrime(n)) {
                count++;
            }
        }
        return count;
    }

    static boolean isPrime(long n) {
        if (n < 4) {
            return n >= 2;
        }
        if ((n & 1) == 0) {
            return false;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code [0, limit)} cut into {@value #RANGES} ranges of equal width. */
    public static List<long[]> ranges(long limit) {
        List<long[]> ranges = new ArrayList<>(RANGES);
        for (int i = 0; i < RANGES; i++) {
            ranges.add(new long[] {limit * i / RANGES, limit * (i + 1) / RANGES});
        }
        return ranges;
    }

    static long countWith(Pool pool, List<long[]> ranges) {
        return pool.map(PoolMain::countPrimes, ranges, 1).stream().mapToLong(Long::longValue).sum();
    }

    // ------------------------------------------------------------------ scaling

    private static void scaling(long limit, int rounds) {
        List<long[]> ranges = ranges(limit);
        long expected = ranges.stream().mapToLong(PoolMain::countPrimes).sum();
        for (int w = 0; w < WARM_UP_ROUNDS; w++) {
            ranges.forEach(PoolMain::countPrimes);
        }
        double seq = medianMs(rounds, () -> ranges.stream().mapToLong(PoolMain::countPrimes).sum(), expected);
        double threads;
        try (ThreadPool pool = ThreadPool.open(2)) {
            for (int w = 0; w < WARM_UP_ROUNDS; w++) {
                countWith(pool, ranges);
            }
            threads = medianMs(rounds, () -> countWith(pool, ranges), expected);
        }
        double processes;
        try (ProcessPool pool = ProcessPool.open(ProcessPool.Options.workers(2).forwardStderr(false))) {
            for (int w = 0; w < WARM_UP_ROUNDS; w++) {
                countWith(pool, ranges);   // the workers' JIT compiles the job, and the pipe's path
            }
            processes = medianMs(rounds, () -> countWith(pool, ranges), expected);
        }
        double cold = medianMs(Math.max(1, rounds / 2), () -> {
            try (ProcessPool pool = ProcessPool.open(ProcessPool.Options.workers(2).forwardStderr(false))) {
                return countWith(pool, ranges);
            }
        }, expected);
        System.out.printf("weft-scaling limit=%d primes=%d seq_ms=%.1f threads_ms=%.1f processes_ms=%.1f"
                        + " processes_cold_ms=%.1f threads_x=%.3f processes_x=%.3f processes_cold_x=%.3f%n",
                limit, expected, seq, threads, processes, cold, seq / threads, seq / processes, seq / cold);
    }

    /** Runs {@code work} once per round, checking its answer, and returns the median time in ms. */
    private static double medianMs(int rounds, LongSupplier work, long expected) {
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long got = work.getAsLong();
            ms[r] = (System.nanoTime() - t0) / 1e6;
            if (got != expected) {
                throw new AssertionError("got " + got + ", expected " + expected);
            }
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }

    // ------------------------------------------------------------------ round trips

    private static void roundTrip(int tasks, int rounds) {
        double threadSeq;
        double threadBatch;
        try (ThreadPool pool = ThreadPool.open(2)) {
            oneByOne(pool, 20_000);
            threadSeq = medianUs(rounds, tasks, () -> oneByOne(pool, tasks));
            batch(pool, 20_000);
            threadBatch = medianUs(rounds, tasks, () -> batch(pool, tasks));
        }
        double processSeq;
        double processBatch;
        try (ProcessPool pool = ProcessPool.open(ProcessPool.Options.workers(2).forwardStderr(false))) {
            oneByOne(pool, 20_000);
            processSeq = medianUs(rounds, tasks, () -> oneByOne(pool, tasks));
            batch(pool, 20_000);
            processBatch = medianUs(rounds, tasks, () -> batch(pool, tasks));
        }
        System.out.printf("weft-roundtrip tasks=%d thread_seq_us=%.2f thread_batch_us=%.2f process_seq_us=%.2f"
                + " process_batch_us=%.2f%n", tasks, threadSeq, threadBatch, processSeq, processBatch);
    }

    private static long oneByOne(Pool pool, int tasks) {
        long sum = 0;
        for (int i = 0; i < tasks; i++) {
            int x = i;
            sum += pool.submit(() -> x).join();
        }
        return sum;
    }

    private static long batch(Pool pool, int tasks) {
        List<Task<Integer>> all = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            int x = i;
            all.add(pool.submit(() -> x));
        }
        long sum = 0;
        for (Task<Integer> t : all) {
            sum += t.join();
        }
        return sum;
    }

    private static double medianUs(int rounds, int tasks, LongSupplier work) {
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            work.getAsLong();
            us[r] = (System.nanoTime() - t0) / 1e3 / tasks;
        }
        Arrays.sort(us);
        return us[rounds / 2];
    }

    // ------------------------------------------------------------------ start-up

    private static void startup(int rounds) {
        ProcessPool.Options one = ProcessPool.Options.workers(1).spares(0).forwardStderr(false);
        double[] cold = readyAndFirstJob(one.startupCache(false), rounds);
        String cache;
        try (ProcessPool trainer = ProcessPool.open(one)) {
            trainer.submit(() -> 1).join();
            cache = trainer.statistics().startupCache();
        }
        double[] cached = readyAndFirstJob(one, rounds);
        String used;
        try (ProcessPool pool = ProcessPool.open(one)) {
            used = pool.statistics().startupCache();
        }
        ProcessPool.Options crashing = one.quarantineAfter(0);   // the same crash again and again is the point here
        double spare = afterCrashMs(crashing.spares(1), rounds);
        double noSpare = afterCrashMs(crashing, rounds);
        System.out.printf("weft-startup cold_ready_ms=%.1f cold_first_job_ms=%.1f cache_ready_ms=%.1f"
                        + " cache_first_job_ms=%.1f after_crash_spare_ms=%.1f after_crash_no_spare_ms=%.1f"
                        + " cache_at_first_open=%s cache_now=%s%n",
                cold[0], cold[1], cached[0], cached[1], spare, noSpare, token(cache), token(used));
    }

    /** A start-up cache status as one word: {@code in-use}, {@code training}, {@code missing}, {@code off}. */
    private static String token(String status) {
        return status.split(":")[0].strip().replace(' ', '-').replaceAll("[^a-z-]", "");
    }

    /** Medians of: the worker's launch-to-ready time, and open-to-first-result time, in ms. */
    private static double[] readyAndFirstJob(ProcessPool.Options options, int rounds) {
        double[] ready = new double[rounds];
        double[] first = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            try (ProcessPool pool = ProcessPool.open(options)) {
                pool.submit(() -> 1).join();
                first[r] = (System.nanoTime() - t0) / 1e6;
                Duration d = pool.statistics().lastWorkerStartup();
                ready[r] = d.toNanos() / 1e6;
            }
        }
        Arrays.sort(ready);
        Arrays.sort(first);
        return new double[] {ready[rounds / 2], first[rounds / 2]};
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Median ms from a crash's report to the next job's result. */
    private static double afterCrashMs(ProcessPool.Options options, int rounds) {
        double[] ms = new double[rounds];
        try (ProcessPool pool = ProcessPool.open(options)) {
            pool.submit(() -> 1).join();
            for (int r = 0; r < rounds; r++) {
                Task<Integer> crash = pool.submit(() -> {
                    Runtime.getRuntime().halt(1);
                    return 0;
                });
                try {
                    crash.join();
                } catch (RuntimeException expected) {
                    // a WorkerCrashedException
                }
                long t0 = System.nanoTime();
                pool.submit(() -> 1).join();
                ms[r] = (System.nanoTime() - t0) / 1e6;
                // let the replacement get ready before the next crash, as it would in a long run
                while (pool.statistics().readyWorkers() < pool.statistics().liveWorkers()) {
                    sleepMs(1);
                }
            }
        }
        Arrays.sort(ms);
        return ms[rounds / 2];
    }
}
