package dev.weft.test;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Makes a failing run easier to read: looks for a run with fewer switches between tasks that
 * fails the same way (the same exception class), by replaying the failing run's choices with
 * a {@linkplain Scheduler guided scheduler}.
 *
 * <p>Implementation notes. Two passes, both deterministic, so a replay of the seed shrinks
 * to the same run. First, the shortest prefix of the choices, cut just before a switch, that
 * still fails when every later step lets the running unit go on; then, for each switch left in
 * that prefix, whether the run still fails with that one switch taken out. Every accepted
 * candidate's own recorded choices become the new best, since later choices may shift. At
 * most {@code budget} runs.
 */
final class Shrinker {
    private final Schedule schedule;
    private final Run.Limits limits;
    private final Callable<?> main;
    private final Class<?> kind;
    private int budget;

    /** Shrinks runs of {@code schedule}, whose seed also seeds the network of every candidate. */
    Shrinker(Schedule schedule, Run.Limits limits, Callable<?> main, Class<?> kind, int budget) {
        this.schedule = schedule;
        this.limits = limits;
        this.main = main;
        this.kind = kind;
        this.budget = budget;
    }

    /** The shrunk choices (maybe the original ones) for a run whose choices were {@code choices}. */
    int[] shrink(int[] choices) {
        int[] best = shortestPrefix(choices);
        for (int i = 0; i < best.length && budget > 0; i++) {
            int previous = previousUnit(best, i);
            if (best[i] == -1 || previous == -1 || best[i] == previous) {
                continue;
            }
            int[] candidate = best.clone();
            candidate[i] = previous;
            int[] kept = attempt(candidate);
            if (kept != null) {
                best = trimmed(kept, i);
            }
        }
        return best;
    }

    private int[] shortestPrefix(int[] choices) {
        for (int i = 0; i < choices.length && budget > 0; i++) {
            if (isSwitch(choices, i)) {
                int[] kept = attempt(Arrays.copyOf(choices, i));
                if (kept != null) {
                    return Arrays.copyOf(kept, i);
                }
            }
        }
        return choices;
    }

    /** Keeps the choices up to the last switch at or after {@code from}: the rest is the guided default. */
    private static int[] trimmed(int[] choices, int from) {
        int end = choices.length;
        while (end > from + 1 && !isSwitch(choices, end - 1)) {
            end--;
        }
        return Arrays.copyOf(choices, end);
    }

    private static boolean isSwitch(int[] choices, int i) {
        int previous = previousUnit(choices, i);
        return choices[i] != -1 && previous != -1 && choices[i] != previous;
    }

    private static int previousUnit(int[] choices, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (choices[j] != -1) {
                return choices[j];
            }
        }
        return -1;
    }

    /** Runs {@code guide}; its recorded choices if it failed the same way, else null. */
    private int[] attempt(int[] guide) {
        budget--;
        Run.Outcome outcome = Run.guided(schedule, guide, limits, false, main);
        return outcome.failed() && outcome.failure().getClass() == kind ? outcome.choices() : null;
    }
}
