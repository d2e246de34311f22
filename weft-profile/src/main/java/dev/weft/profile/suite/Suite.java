package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.util.List;
import java.util.Optional;

/**
 * The labelled workloads: four for each {@link Bound}, each of a different shape. The classifier
 * is tested on them, and {@code weft bench} runs them under each way of executing work.
 */
public final class Suite {
    private static final List<Workload> ALL = List.of(
            new PrimeTrialDivision(), new SegmentedSieve(), new Sha256Hashing(), new Mandelbrot(),
            new Sleeping(), new LoopbackEcho(), new DirectFileReads(), new FsyncWrites(),
            new StreamSum(), new PointerChaseMemory(), new RandomGatherMemory(), new BulkCopyMemory(),
            new RandomReadCache(), new PointerChaseCache(), new HistogramCache(), new BinarySearchCache());

    private Suite() {
    }

    /** Every workload, CPU first, then I/O, memory, cache. */
    public static List<Workload> all() {
        return ALL;
    }

    /** The workloads' names, in the suite's order. */
    public static List<String> names() {
        return ALL.stream().map(Workload::name).toList();
    }

    /** The workloads labelled {@code bound}. */
    public static List<Workload> of(Bound bound) {
        return ALL.stream().filter(w -> w.label() == bound).toList();
    }

    public static Optional<Workload> find(String name) {
        return ALL.stream().filter(w -> w.name().equals(name)).findFirst();
    }
}
