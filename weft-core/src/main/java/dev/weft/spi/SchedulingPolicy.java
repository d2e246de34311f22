package dev.weft.spi;

import dev.weft.Task;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Chooses which ready entry (a task step or a callback) an event loop runs next.
 *
 * <p>The default is first-come first-served. A seeded policy picks pseudo-randomly among the
 * ready entries, so one seed always yields the same interleaving of a program that takes its
 * other inputs from the loop (its clock, its timers) — the basis of schedule exploration.
 *
 * <p>A policy belongs to one loop and is called on that loop's thread only.
 */
public interface SchedulingPolicy {

    /**
     * The index, from 0 (the oldest) to {@code ready - 1}, of the entry to run next.
     *
     * @param ready how many entries are ready, at least 1
     */
    int next(int ready);

    /**
     * Like {@link #next(int)}, for a policy that needs to know what is ready: {@code taskAt}
     * gives the task whose step entry {@code i} is, or null when entry {@code i} is a callback
     * (a timer, a {@code callSoon}). The loop calls this one; by default it asks
     * {@link #next(int)}. {@code taskAt} is valid only during the call.
     */
    default int next(int ready, IntFunction<Task<?>> taskAt) {
        return next(ready);
    }

    /** True if {@link #next} always answers 0; lets the loop take its fast path. */
    default boolean isFifo() {
        return false;
    }

    /** First come, first served. */
    static SchedulingPolicy fifo() {
        return Fifo.INSTANCE;
    }

    /** A pseudo-random choice driven by {@code seed}: the same seed gives the same choices. */
    static SchedulingPolicy seeded(long seed) {
        return new Seeded(seed);
    }

    /** First come, first served. */
    final class Fifo implements SchedulingPolicy {
        static final Fifo INSTANCE = new Fifo();

        private Fifo() {
        }

        @Override
        public int next(int ready) {
            return 0;
        }

        @Override
        public boolean isFifo() {
            return true;
        }

        @Override
        public String toString() {
            return "fifo";
        }
    }

    /** A seeded uniform choice among the ready entries. */
    final class Seeded implements SchedulingPolicy {
        private final long seed;
        private final SplittableRandom random;

        Seeded(long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int next(int ready) {
            return ready == 1 ? 0 : random.nextInt(ready);
        }

        /** The seed this policy was made from. */
        public long seed() {
            return seed;
        }

        @Override
        public String toString() {
            return "seeded(" + seed + ")";
        }
    }
}
