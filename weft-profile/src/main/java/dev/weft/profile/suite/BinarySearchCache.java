package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** Cache: 20 000 binary searches for random keys in a sorted 1.5 MiB array: a chain of far-apart loads in L2. */
final class BinarySearchCache implements Workload {
    static final int LENGTH = 384 << 10;

    @Override
    public String name() {
        return "binary-search-1.5m";
    }

    @Override
    public Bound label() {
        return Bound.CACHE;
    }

    @Override
    public String shape() {
        return "binary searches in a sorted 1.5 MiB array (branchy loads in L2)";
    }

    @Override
    public Prepared prepare() {
        int[] sorted = new int[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            sorted[i] = i * 3;
        }
        AtomicLong seeds = new AtomicLong(1);
        return () -> {
            int x = (int) (seeds.getAndIncrement() * 0x9E3779B9L) | 1;
            long found = 0;
            for (int i = 0; i < 20_000; i++) {
                x ^= x << 13;
                x ^= x >>> 17;
                x ^= x << 5;
                found += Arrays.binarySearch(sorted, (x & 0x7fffffff) % (LENGTH * 3));
            }
            Sink.consume(found);
        };
    }
}
