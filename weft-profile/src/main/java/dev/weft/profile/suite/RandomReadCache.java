package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.util.concurrent.atomic.AtomicLong;

/** Cache: 200 000 random reads within a 1.5 MiB table: every load misses L1 and hits L2. */
final class RandomReadCache implements Workload {
    static final int SLOTS = 384 << 10;

    @Override
    public String name() {
        return "random-read-1.5m";
    }

    @Override
    public Bound label() {
        return Bound.CACHE;
    }

    @Override
    public String shape() {
        return "independent random reads within 1.5 MiB (misses L1, fits L2)";
    }

    @Override
    public Prepared prepare() {
        int[] table = new int[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            table[i] = i * 31;
        }
        AtomicLong seeds = new AtomicLong(1);
        return () -> {
            int x = (int) (seeds.getAndIncrement() * 0x9E3779B9L) | 1;
            long sum = 0;
            for (int i = 0; i < 200_000; i++) {
                x ^= x << 13;
                x ^= x >>> 17;
                x ^= x << 5;
                sum += table[(int) (((x & 0xFFFF_FFFFL) * SLOTS) >>> 32)];
            }
            Sink.consume(sum);
        };
    }
}
