package dev.weft.profile.suite;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import dev.weft.profile.RandomCycle;

/**
 * Large blocks of native memory for the memory-bound workloads: off the Java heap so that
 * they cost no GC and are freed the moment the workload closes. Each block is one mapping,
 * which is what the working-set measurement sees as one region.
 */
final class OffHeap implements AutoCloseable {
    private final Arena arena = Arena.ofShared();

    /** A zeroed block of {@code bytes}, every page of it touched (zeroing writes it). */
    MemorySegment allocate(long bytes) {
        return arena.allocate(bytes, 4096);
    }

    /**
     * A block of ints holding one random cycle through all its cache lines: slot {@code 16 * i}
     * holds the index of the next line's first slot. A walk from any line visits every line.
     */
    MemorySegment cycle(long bytes, long seed) {
        MemorySegment next = allocate(bytes);
        RandomCycle.link(RandomCycle.order((int) (bytes / 64), seed), (i, v) -> next.setAtIndex(ValueLayout.JAVA_INT, i, v));
        return next;
    }

    @Override
    public void close() {
        arena.close();
    }
}
