package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/** Memory: follows 20 000 links of one random cycle through a 256 MiB block: each load waits for the last. */
final class PointerChaseMemory implements Workload {
    static final long BLOCK = 256L << 20;

    @Override
    public String name() {
        return "pointer-chase-256m";
    }

    @Override
    public Bound label() {
        return Bound.MEMORY;
    }

    @Override
    public String shape() {
        return "pointer chasing through 256 MiB (dependent loads from DRAM)";
    }

    @Override
    public Prepared prepare() {
        OffHeap memory = new OffHeap();
        MemorySegment next = memory.cycle(BLOCK, 11);
        AtomicLong starts = new AtomicLong();
        return new Prepared() {
            @Override
            public void unit() {
                long line = (starts.getAndIncrement() * 104_729) % (BLOCK / 64);
                int p = (int) (line * 16);
                for (int i = 0; i < 20_000; i++) {
                    p = next.getAtIndex(ValueLayout.JAVA_INT, p);
                }
                Sink.consume(p);
            }

            @Override
            public void close() {
                memory.close();
            }
        };
    }
}
