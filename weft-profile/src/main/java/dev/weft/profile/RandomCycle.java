package dev.weft.profile;

import java.util.SplittableRandom;

/**
 * A random order of {@code n} items that forms a single cycle (Sattolo's shuffle): following
 * "next" from any item visits every item once before coming back. Laid over cache lines, it
 * makes a pointer-chasing walk whose every load depends on the last and that no prefetcher can
 * guess; the machine's latency ladder and the suite's chasing workloads are built on it.
 */
public final class RandomCycle {
    private RandomCycle() {
    }

    /** The items 0..n-1 in a random order such that order[i] → order[i+1] → … → order[0] is one cycle. */
    public static int[] order(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i);                            // j < i, never i itself: one cycle, not many
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * Writes the cycle into {@code next}, 16 ints (one 64-byte cache line) a step: slot
     * {@code 16 * line} holds the first slot of the next line.
     */
    public static void link(int[] order, IntSlots next) {
        for (int i = 0; i < order.length; i++) {
            next.set((long) order[i] * 16, order[(i + 1) % order.length] * 16);
        }
    }

    /** Where the links go: an int array or a block of native memory. */
    @FunctionalInterface
    public interface IntSlots {
        void set(long index, int value);
    }
}
