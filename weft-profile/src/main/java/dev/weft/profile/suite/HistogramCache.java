package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cache: 200 000 increments of counters picked by a hash, in a table of 1.5 MiB: read-modify-write
 * at L2. Threads share the table and their increments may race (a count can be lost); what the
 * workload measures is the traffic, not the counts.
 */
final class HistogramCache implements Workload {
    static final int BINS = 384 << 10;

    @Override
    public String name() {
        return "histogram-1.5m";
    }

    @Override
    public Bound label() {
        return Bound.CACHE;
    }

    @Override
    public String shape() {
        return "scattered counter increments within 1.5 MiB (read-modify-write in L2)";
    }

    @Override
    public Prepared prepare() {
        int[] bins = new int[BINS];
        AtomicLong seeds = new AtomicLong(1);
        return () -> {
            long x = seeds.getAndIncrement();
            for (int i = 0; i < 200_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                bins[(int) (((x >>> 32) * BINS) >>> 32)]++;
            }
            Sink.consume(bins[(int) ((x >>> 33) % BINS)]);
        };
    }
}
