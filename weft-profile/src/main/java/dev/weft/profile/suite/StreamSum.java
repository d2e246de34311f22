package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicLong;

/** Memory: sums 32 MiB slices of a 1 GiB block in turn, a sequential stream far larger than any cache. */
final class StreamSum implements Workload {
    static final long BLOCK = 1L << 30;
    static final long SLICE = 32L << 20;

    @Override
    public String name() {
        return "stream-sum";
    }

    @Override
    public Bound label() {
        return Bound.MEMORY;
    }

    @Override
    public String shape() {
        return "sums a 1 GiB array sequentially (streams from DRAM)";
    }

    @Override
    public Prepared prepare() {
        OffHeap memory = new OffHeap();
        MemorySegment block = memory.allocate(BLOCK);
        AtomicLong next = new AtomicLong();
        return new Prepared() {
            @Override
            public void unit() {
                long from = (next.getAndIncrement() % (BLOCK / SLICE)) * (SLICE / 8);
                long sum = 0;
                for (long i = from; i < from + SLICE / 8; i++) {
                    sum += block.getAtIndex(ValueLayout.JAVA_LONG, i);
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
