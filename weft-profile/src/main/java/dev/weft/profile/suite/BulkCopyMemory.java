package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/** Memory: copies 16 MiB slices between two 256 MiB blocks in turn (memmove: reads and writes DRAM). */
final class BulkCopyMemory implements Workload {
    static final long BLOCK = 256L << 20;
    static final long SLICE = 16L << 20;

    @Override
    public String name() {
        return "bulk-copy-256m";
    }

    @Override
    public Bound label() {
        return Bound.MEMORY;
    }

    @Override
    public String shape() {
        return "copies between two 256 MiB arrays (read and write bandwidth)";
    }

    @Override
    public Prepared prepare() {
        OffHeap memory = new OffHeap();
        MemorySegment from = memory.allocate(BLOCK);
        MemorySegment to = memory.allocate(BLOCK);
        AtomicLong next = new AtomicLong();
        return new Prepared() {
            @Override
            public void unit() {
                long at = (next.getAndIncrement() % (BLOCK / SLICE)) * SLICE;
                MemorySegment.copy(from, at, to, at, SLICE);
            }

            @Override
            public void close() {
                memory.close();
            }
        };
    }
}
