// primes — counts the primes below 50 million three ways: sequentially on this thread, with a
// ThreadPool and with a ProcessPool of one worker per core, twice each, and prints the speedups.
// The work is CPU-bound Java, so threads use every core (Java has no GIL) and processes do too,
// each a child JVM with its own heap, at the price of starting it, of compiling the code afresh in
// it, and of sending the ranges and counts over a pipe. The same function runs in all three: a
// segmented sieve over one range of numbers, 16 ranges in all. Below 50 million a run takes about
// a tenth of a second, so what a pool costs shows beside what it gains; give a LIMIT of 500000000
// to see the cores' whole speedup.
//
//   weft example primes [LIMIT [WORKERS]]          (defaults: 50000000, one per core)
package dev.weft.examples;

import dev.weft.pool.Pool;
import dev.weft.pool.ProcessPool;
import dev.weft.pool.ThreadPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class Primes {
    static final long LIMIT = 50_000_000;
    /** Ranges the numbers are cut into: more than workers, so that none waits long at the end. */
    static final int RANGES = 16;
    private static final int SEGMENT = 1 << 15;

    /** How one way went: what it counted, and how long its first and second runs took. */
    public record Way(String name, long count, long firstMs, long againMs) {
    }

    /** The three ways, and how long a process pool took to start a worker and get its first answer. */
    public record Result(long limit, int workers, Way sequential, Way threads, Way processes, long workerStartMs) {
        public boolean agree() {
            return sequential.count == threads.count && sequential.count == processes.count;
        }

        /** How much faster than sequential a way's second run was. */
        public double speedup(Way way) {
            return (double) sequential.againMs / Math.max(1, way.againMs);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format("primes below %,d: %d%s%n", limit, sequential.count,
                    agree() ? ", counted the same three ways" : " (the pools disagree: " + threads.count + ", "
                            + processes.count + ")"));
            b.append("                 first run     again   speedup (again)\n");
            for (Way w : List.of(sequential, threads, processes)) {
                b.append(String.format("  %-13s %7d ms %7d ms   %.2fx%n", w.name, w.firstMs, w.againMs, speedup(w)));
            }
            b.append(String.format("  (the process pool started a worker and had its first answer in %d ms; a first run"
                    + " pays for the JIT compiling the sieve, in every worker JVM)", workerStartMs));
            return b.toString();
        }
    }

    public static Result run(long limit, int workers) {
        List<long[]> ranges = ranges(limit);
        Way sequential = twice("sequential", () -> ranges.stream().mapToLong(Primes::countPrimes).sum());
        Way threads;
        try (ThreadPool pool = ThreadPool.open(workers)) {
            threads = twice(workers + " threads", () -> count(pool, ranges));
        }
        Way processes;
        long startMs;
        long t0 = System.nanoTime();
        try (ProcessPool pool = ProcessPool.open(workers)) {
            pool.submit(() -> countPrimes(new long[] {0, 10})).join();
            startMs = msSince(t0);
            processes = twice(workers + " processes", () -> count(pool, ranges));
        }
        return new Result(limit, workers, sequential, threads, processes, startMs);
    }

    /** Runs {@code count} twice, timing each run, and checks that both counted the same. */
    private static Way twice(String name, java.util.function.LongSupplier count) {
        long t0 = System.nanoTime();
        long first = count.getAsLong();
        long firstMs = msSince(t0);
        long t1 = System.nanoTime();
        long again = count.getAsLong();
        long againMs = msSince(t1);
        if (again != first) {
            throw new IllegalStateException(name + " counted " + first + ", then " + again);
        }
        return new Way(name, first, firstMs, againMs);
    }

    private static long count(Pool pool, List<long[]> ranges) {
        return pool.map(Primes::countPrimes, ranges, 1).stream().mapToLong(Long::longValue).sum();
    }

    /** {@code [0, limit)} in {@value #RANGES} ranges of equal width. */
    static List<long[]> ranges(long limit) {
        List<long[]> ranges = new ArrayList<>(RANGES);
        for (int i = 0; i < RANGES; i++) {
            ranges.add(new long[] {limit * i / RANGES, limit * (i + 1) / RANGES});
        }
        return ranges;
    }

    /** How many primes in {@code [range[0], range[1])}: a sieve of Eratosthenes, a segment at a time. */
    public static long countPrimes(long[] range) {
        long lo = Math.max(2, range[0]);
        long hi = range[1];
        int[] base = primesUpTo((int) Math.sqrt((double) hi) + 1);
        boolean[] composite = new boolean[SEGMENT];
        long count = 0;
        for (long from = lo; from < hi; from += SEGMENT) {
            int size = (int) Math.min(SEGMENT, hi - from);
            Arrays.fill(composite, 0, size, false);
            for (int p : base) {
                long square = (long) p * p;
                if (square >= from + size) {
                    break;
                }
                long first = Math.max(square, (from + p - 1) / p * p);
                for (long m = first; m < from + size; m += p) {
                    composite[(int) (m - from)] = true;
                }
            }
            for (int i = 0; i < size; i++) {
                if (!composite[i]) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The primes up to {@code n}, by a plain sieve. */
    static int[] primesUpTo(int n) {
        boolean[] composite = new boolean[n + 1];
        int[] primes = new int[n + 1];
        int found = 0;
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                primes[found++] = i;
                for (long m = (long) i * i; m <= n; m += i) {
                    composite[(int) m] = true;
                }
            }
        }
        return Arrays.copyOf(primes, found);
    }

    private static long msSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    public static void main(String[] args) {
        long limit = Examples.number(args, 0, "LIMIT", LIMIT);
        if (limit < 2) {
            throw new Examples.UsageException("LIMIT must be at least 2, not " + limit);
        }
        int workers = Examples.count(args, 1, "WORKERS", Runtime.getRuntime().availableProcessors(), 1);
        System.out.println(run(limit, workers));
    }
}
