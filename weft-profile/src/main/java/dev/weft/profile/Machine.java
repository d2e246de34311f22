package dev.weft.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine a verdict is drawn on: its cores, the cache sizes the kernel reports
 * ({@code /sys/devices/system/cpu/cpu0/cache}), and a measured ladder of load latencies over
 * growing working sets, which shows where loads start to go to memory. The ladder is measured,
 * not taken from the reported sizes, because a VM often reports its host's last-level cache
 * while sharing it with many others.
 *
 * @param cores          processors available to this JVM
 * @param l1dBytes       level-1 data cache per core, or -1 when not reported
 * @param l2Bytes        level-2 cache per core, or -1
 * @param llcBytes       last-level cache as reported, or -1
 * @param ladder         load latency at each working-set size, smallest first
 * @param memoryReachBytes the smallest working set whose loads took at least half memory's latency
 *                       (see {@link #reach}): from there on, the work's data is in memory, not in a cache
 */
public record Machine(int cores, long l1dBytes, long l2Bytes, long llcBytes, List<Rung> ladder,
                      long memoryReachBytes) {
    /** One rung: a dependent random walk over {@code bytes} took {@code nanosPerLoad} per load. */
    public record Rung(long bytes, double nanosPerLoad) {
    }

    private static final long[] LADDER = {32L << 10, 1L << 20, 4L << 20, 16L << 20, 64L << 20, 256L << 20};
    private static volatile Machine current;

    public Machine {
        ladder = List.copyOf(ladder);
    }

    /** This machine, its ladder measured on first use (under a second), then kept. */
    public static Machine current() {
        Machine m = current;
        if (m == null) {
            synchronized (Machine.class) {
                if (current == null) {
                    current = measure();
                }
                m = current;
            }
        }
        return m;
    }

    static Machine measure() {
        List<Rung> rungs = new ArrayList<>();
        chase(LADDER[0], 200_000);                                          // warm the walk up once
        for (long size : LADDER) {
            int steps = size <= (4L << 20) ? 1_000_000 : 200_000;
            rungs.add(new Rung(size, Math.min(chase(size, steps), chase(size, steps))));   // the less disturbed of two
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), cacheSize(1, "Data"), cacheSize(2, "Unified"),
                lastLevelCache(), rungs, reach(rungs));
    }

    /**
     * Where loads reach memory: the first rung at half or more of memory's latency, taken as the
     * median of the three largest rungs so that one disturbed rung cannot move it far.
     */
    static long reach(List<Rung> rungs) {
        double[] last = rungs.subList(Math.max(0, rungs.size() - 3), rungs.size()).stream()
                .mapToDouble(Rung::nanosPerLoad).sorted().toArray();
        double slowest = last[last.length / 2];
        for (Rung r : rungs) {
            if (r.nanosPerLoad() >= slowest / 2) {
                return r.bytes();
            }
        }
        return rungs.getLast().bytes();
    }

    /** Nanoseconds per load of a dependent walk through one random cycle over {@code bytes}, a cache line a step. */
    static double chase(long bytes, int steps) {
        int slots = (int) (bytes / 4);
        int lines = slots / 16;
        int[] next = new int[slots];
        RandomCycle.link(RandomCycle.order(lines, 42), (i, v) -> next[(int) i] = v);
        int p = 0;
        for (int i = 0; i < Math.min(steps, lines * 2); i++) {
            p = next[p];
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            p = next[p];
        }
        long took = System.nanoTime() - start;
        if (p == -1) {
            throw new AssertionError("unreachable: keeps the walk alive");
        }
        return (double) took / steps;
    }

    private static long cacheSize(int level, String type) {
        for (int index = 0; index < 8; index++) {
            String dir = "/sys/devices/system/cpu/cpu0/cache/index" + index + "/";
            String l = ProcFiles.read(dir + "level");
            String t = ProcFiles.read(dir + "type");
            if (l != null && t != null && l.trim().equals(Integer.toString(level)) && t.trim().equals(type)) {
                return parseSize(ProcFiles.read(dir + "size"));
            }
        }
        return -1;
    }

    private static long lastLevelCache() {
        long l3 = cacheSize(3, "Unified");
        return l3 > 0 ? l3 : cacheSize(2, "Unified");
    }

    static long parseSize(String s) {
        if (s == null || s.isBlank()) {
            return -1;
        }
        String t = s.trim().toUpperCase(Locale.ROOT);
        long mult = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : t.endsWith("G") ? 1L << 30 : 1;
        String digits = mult == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Long.parseLong(digits) * mult;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Which level a working set of {@code bytes} fits, as words: "L1", "L2", "the caches", "memory". */
    public String placeOf(long bytes) {
        if (l1dBytes > 0 && bytes <= l1dBytes) {
            return "L1";
        }
        if (l2Bytes > 0 && bytes <= l2Bytes) {
            return "L2";
        }
        return bytes < memoryReachBytes ? "the last-level cache" : "memory";
    }

    /** One line: cores, caches, and where the ladder says memory begins. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(cores).append(" cores; L1d ").append(Figure.bytes((double) l1dBytes)).append(", L2 ")
                .append(Figure.bytes((double) l2Bytes)).append(", LLC ").append(Figure.bytes((double) llcBytes))
                .append(" (reported); loads take memory latency from ").append(Figure.bytes((double) memoryReachBytes))
                .append(" (measured:");
        for (Rung r : ladder) {
            sb.append(String.format(Locale.ROOT, " %s %.1f ns", Figure.bytes((double) r.bytes()), r.nanosPerLoad()));
        }
        return sb.append(")").toString();
    }
}
