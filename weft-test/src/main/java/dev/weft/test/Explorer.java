package dev.weft.test;

import java.time.Duration;
import java.util.Objects;

/**
 * Searches the interleavings of a {@link Scenario} for one that breaks it: runs it in a fresh
 * {@link Simulation} once per schedule, each schedule a seed, and stops at the first failed
 * assertion, deadlock, unhandled failure, nondeterminism leak or time-out.
 *
 * <pre>{@code
 * Exploration e = Explorer.builder().seeds(5_000).strategy(Strategy.PCT).depth(2).build()
 *         .explore(() -> {
 *             Account a = new Account(100);
 *             var t1 = Simulation.thread(() -> a.withdraw(80));
 *             var t2 = Simulation.thread(() -> a.withdraw(80));
 *             t1.join(); t2.join();
 *             if (a.balance() < 0) throw new AssertionError("overdrawn: " + a.balance());
 *         });
 * if (e.failed()) {
 *     System.out.println(e);   // seed, failure, trace, and the command that replays it
 * }
 * }</pre>
 *
 * <p>An exploration with the same settings runs the same schedules: their seeds follow from
 * {@link Builder#firstSeed(long)}. When one fails it runs again with a trace, and the trace is
 * shrunk to a run with fewer switches that fails the same way. By default
 * {@value #DEFAULT_SEEDS} schedules of {@link Strategy#RANDOM}; with {@link Strategy#PCT} the
 * depth is {@value #DEFAULT_DEPTH} unless set, and the step bound is learnt from the runs as
 * they go.
 */
public final class Explorer {
    /** Schedules an exploration tries by default. */
    public static final int DEFAULT_SEEDS = 1000;
    /** PCT's default bug depth: one change point, enough for most two-party races. */
    public static final int DEFAULT_DEPTH = 2;

    private Explorer() {
    }

    /** Explores {@code scenario} with the default budget and strategy. */
    public static Exploration explore(Scenario scenario) {
        return builder().build().explore(scenario);
    }

    /**
     * Runs the one schedule {@code seed} stands for, traced and shrunk as an exploration
     * would: the same failure and the same trace as the exploration that printed the seed.
     */
    public static Exploration replay(long seed, Scenario scenario) {
        return builder().build().replay(seed, scenario);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An explorer with its settings, made by {@link Builder#build()}; immutable. */
    public static final class Configured {
        private final Search search;

        private Configured(Search.Settings settings) {
            this.search = new Search(settings);
        }

        /** Runs up to the configured number of schedules; stops at the first that fails. */
        public Exploration explore(Scenario scenario) {
            return search.explore(Objects.requireNonNull(scenario, "scenario"));
        }

        /** {@link Explorer#replay}, with these limits and this replay command. */
        public Exploration replay(long seed, Scenario scenario) {
            return search.replay(seed, Objects.requireNonNull(scenario, "scenario"));
        }
    }

    /** Settings for an explorer; every one has a default. */
    public static final class Builder {
        private int seeds = DEFAULT_SEEDS;
        private Strategy strategy = Strategy.RANDOM;
        private int depth = DEFAULT_DEPTH;
        private long firstSeed;
        private int stepLimit = Run.Limits.DEFAULT.steps();
        private Duration timeLimit = Run.Limits.DEFAULT.time();
        private boolean shrink = true;
        private String replayCommand = "Explorer.replay({seed}L, scenario)";

        private Builder() {
        }

        /** How many schedules to try at most (default {@value Explorer#DEFAULT_SEEDS}). */
        public Builder seeds(int seeds) {
            if (seeds < 1) {
                throw new IllegalArgumentException("seeds must be at least 1, was " + seeds);
            }
            this.seeds = seeds;
            return this;
        }

        /** How choices are made (default {@link Strategy#RANDOM}, the faster finder on small scenarios). */
        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * PCT's bug depth {@code d}, 1 to 15 (default {@value Explorer#DEFAULT_DEPTH}): each
         * schedule has {@code d - 1} priority change points, spread over a step bound learnt
         * from the runs so far. A bug of depth {@code d} needs {@code d} ordering constraints
         * (a lost update: 2; an ordering of three events: 3).
         */
        public Builder depth(int depth) {
            if (depth < 1 || depth > Schedule.MAX_DEPTH) {
                throw new IllegalArgumentException("depth must be between 1 and " + Schedule.MAX_DEPTH + ", was " + depth);
            }
            this.depth = depth;
            return this;
        }

        /** Where the sequence of schedules starts (default 0); change it to try other schedules. */
        public Builder firstSeed(long firstSeed) {
            this.firstSeed = firstSeed;
            return this;
        }

        /** The most scheduling steps one run may take before it counts as a time-out (default 200,000). */
        public Builder stepLimit(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("stepLimit must be at least 1, was " + steps);
            }
            this.stepLimit = steps;
            return this;
        }

        /** The most virtual time one run may take before it counts as a time-out (default 1 hour). */
        public Builder timeLimit(Duration time) {
            if (time.isNegative() || time.isZero()) {
                throw new IllegalArgumentException("timeLimit must be positive, was " + time);
            }
            this.timeLimit = time;
            return this;
        }

        /** Whether to shrink the failing trace (default true). */
        public Builder shrink(boolean shrink) {
            this.shrink = shrink;
            return this;
        }

        /** How the report says to replay a failure; {@code {seed}} marks where the seed goes. */
        public Builder replayCommand(String command) {
            if (!command.contains("{seed}")) {
                throw new IllegalArgumentException("a replay command needs {seed} where the seed goes: " + command);
            }
            this.replayCommand = command;
            return this;
        }

        public Configured build() {
            return new Configured(new Search.Settings(seeds, strategy, depth, firstSeed,
                    new Run.Limits(stepLimit, timeLimit), shrink, replayCommand));
        }
    }
}
