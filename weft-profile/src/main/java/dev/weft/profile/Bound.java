package dev.weft.profile;

/** What limits a piece of work: the four answers {@link Classifier} gives. */
public enum Bound {
    /** Computing: more cores make it faster, and nothing else does. */
    CPU("CPU-bound"),
    /** Waiting for the world: timers, sockets, disks, other processes. */
    IO("I/O-bound"),
    /** Waiting for memory: its data is larger than the caches and each load goes out to DRAM. */
    MEMORY("memory-bound"),
    /** Waiting for the caches: its data misses L1 but fits the L2 or the last-level cache. */
    CACHE("cache-bound");

    private final String label;

    Bound(String label) {
        this.label = label;
    }

    /** "CPU-bound", "I/O-bound"… */
    public String label() {
        return label;
    }
}
