package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/** Memory: 100 000 independent loads at random places in a 512 MiB block (the CPU overlaps several misses). */
final class RandomGatherMemory implements Workload {
    static final long BLOCK = 512L << 20;

    @Override
    public String name() {
        return "random-gather-512m";
    }

    @Override
    public Bound label() {
        return Bound.MEMORY;
    }

    @Override
    public String shape() {
        return "independent random loads over 512 MiB (DRAM, overlapped misses)";
    }

    @Override
    public Prepared prepare() {
        OffHeap memory = new OffHeap();
        MemorySegment block = memory.allocate(BLOCK);
        long mask = BLOCK / 8 - 1;
        AtomicLong seeds = new AtomicLong(1);
        return new Prepared() {
            @Override
            public void unit() {
                long x = seeds.getAndIncrement() * 0x9E3779B97F4A7C15L;
                long sum = 0;
                for (int i = 0; i < 100_000; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    sum += block.getAtIndex(ValueLayout.JAVA_LONG, x & mask);
                }
                Sink.consume(sum);
            }

            @Override
            public void close() {
                memory.close();
            }
        };
    }
}
