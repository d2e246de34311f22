package dev.weft.test;

/**
 * One schedule as a seed: the strategy, PCT's depth and step bound, and the random seed that
 * drives the choices, packed in one {@code long} so that a printed seed alone replays a run.
 *
 * <p>Layout, from the top bit: 4 bits strategy (0 = RANDOM, 1 = PCT), 4 bits depth, 20 bits
 * step bound, 36 bits random seed. A small plain number such as {@code 1234} is therefore the
 * RANDOM schedule with random seed 1234.
 *
 * @param strategy  how choices are made
 * @param depth     PCT's bug depth, 1 to 15 (0 for RANDOM)
 * @param stepBound PCT's estimate of the steps in one run, over which change points fall
 * @param random    the random seed, 0 to 2^36 - 1
 */
record Schedule(Strategy strategy, int depth, int stepBound, long random) {
    static final int MAX_DEPTH = 15;
    static final int MAX_STEP_BOUND = (1 << 20) - 1;
    static final long RANDOM_MASK = (1L << 36) - 1;

    Schedule {
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be between 1 and " + MAX_DEPTH + ", was " + depth);
        }
        stepBound = Math.clamp(stepBound, 0, MAX_STEP_BOUND);
        random &= RANDOM_MASK;
    }

    static Schedule random(long random) {
        return new Schedule(Strategy.RANDOM, 0, 0, random);
    }

    /**
     * The schedule a seed stands for.
     *
     * @throws IllegalArgumentException if the seed names no strategy (it was not printed by Weft)
     */
    static Schedule decode(long seed) {
        int code = (int) (seed >>> 60);
        if (code >= Strategy.values().length) {
            throw new IllegalArgumentException("seed " + seed + " names no strategy (top four bits "
                    + code + "): use a seed that an exploration printed, or a small number for RANDOM");
        }
        Strategy strategy = Strategy.values()[code];
        int depth = (int) (seed >>> 56) & 0xF;
        if (strategy == Strategy.PCT && depth == 0) {
            throw new IllegalArgumentException("seed " + seed + " is a PCT seed without a depth");
        }
        return new Schedule(strategy, depth, (int) (seed >>> 36) & MAX_STEP_BOUND, seed & RANDOM_MASK);
    }

    long encode() {
        return ((long) strategy.ordinal() << 60) | ((long) depth << 56) | ((long) stepBound << 36) | random;
    }

    @Override
    public String toString() {
        return strategy == Strategy.RANDOM ? "RANDOM" : "PCT depth " + depth + " over " + stepBound + " steps";
    }
}
