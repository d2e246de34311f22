package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import dev.weft.profile.RandomCycle;
import java.util.concurrent.atomic.AtomicLong;

/** Cache: follows 100 000 links of one random cycle through 1.5 MiB: dependent loads at L2 latency. */
final class PointerChaseCache implements Workload {
    static final int SLOTS = 384 << 10;

    @Override
    public String name() {
        return "pointer-chase-1.5m";
    }

    @Override
    public Bound label() {
        return Bound.CACHE;
    }

    @Override
    public String shape() {
        return "pointer chasing within 1.5 MiB (dependent loads from L2)";
    }

    @Override
    public Prepared prepare() {
        int lines = SLOTS / 16;
        int[] next = new int[SLOTS];
        RandomCycle.link(RandomCycle.order(lines, 13), (i, v) -> next[(int) i] = v);
        AtomicLong starts = new AtomicLong();
        return () -> {
            int p = (int) ((starts.getAndIncrement() * 7919) % lines) * 16;
            for (int i = 0; i < 100_000; i++) {
                p = next[p];
            }
            Sink.consume(p);
        };
    }
}
