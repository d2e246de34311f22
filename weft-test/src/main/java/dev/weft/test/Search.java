package dev.weft.test;

import java.util.concurrent.Callable;

/**
 * The exploration itself: schedules one after another until one fails, then the failing
 * one again with a trace, shrunk, and the report.
 *
 * <p>Implementation notes: each schedule is one {@link Run} on the calling thread, untraced
 * (cheap); only the failing seed runs again traced, then the {@link Shrinker} looks for a run
 * with fewer switches. Everything is a function of the seed, which is why a replay prints the
 * same trace as the exploration that found it. PCT's step bound starts at 1 and grows to the
 * most steps any run so far took; each seed records the bound it was run with.
 */
final class Search {
    private static final int SHRINK_BUDGET = 400;

    /** The settings of one explorer. */
    record Settings(int seeds, Strategy strategy, int depth, long firstSeed, Run.Limits limits, boolean shrink,
                    String replayCommand) {
    }

    private final Settings settings;

    Search(Settings settings) {
        this.settings = settings;
    }

    Exploration explore(Scenario scenario) {
        Callable<Object> main = asMain(scenario);
        int bound = 1;
        for (int i = 0; i < settings.seeds(); i++) {
            long random = mix(settings.firstSeed() + i);
            Schedule schedule = settings.strategy() == Strategy.RANDOM ? Schedule.random(random)
                    : new Schedule(Strategy.PCT, settings.depth(), bound, random);
            Run.Outcome outcome = Run.of(schedule, settings.limits(), false, main);
            if (outcome.failed()) {
                return report(schedule, outcome, i + 1, main);
            }
            bound = Math.max(bound, outcome.steps());
        }
        String strategy = settings.strategy() == Strategy.RANDOM ? "RANDOM" : "PCT depth " + settings.depth();
        return new Exploration(false, 0, null, "", settings.seeds(),
                "no failure in " + settings.seeds() + " schedules (" + strategy + ")", settings.replayCommand());
    }

    Exploration replay(long seed, Scenario scenario) {
        Callable<Object> main = asMain(scenario);
        Schedule schedule = Schedule.decode(seed);
        Run.Outcome outcome = Run.of(schedule, settings.limits(), false, main);
        if (!outcome.failed()) {
            return new Exploration(false, 0, null, "", 1, "seed " + seed + " (" + schedule + ") did not fail",
                    settings.replayCommand());
        }
        return report(schedule, outcome, 1, main);
    }

    private Exploration report(Schedule schedule, Run.Outcome found, int schedulesRun, Callable<Object> main) {
        long seed = schedule.encode();
        Run.Outcome traced = Run.of(schedule, settings.limits(), true, main);
        StringBuilder header = new StringBuilder();
        header.append("schedule ").append(schedulesRun).append(" failed: seed ").append(seed)
                .append(" (").append(schedule).append(")\n");
        if (!sameKind(traced, found)) {
            header.append("  the seed did not fail the same way when run again: the scenario depends on something"
                    + " outside the simulation (state kept between runs, real time, identity hash codes...)\n");
            header.append("  first run: ").append(found.failure()).append('\n');
        }
        Run.Outcome shown = traced;
        String shrunk = "";
        if (settings.shrink() && traced.failed()) {
            Class<?> kind = traced.failure().getClass();
            int[] choices = new Shrinker(schedule, settings.limits(), main, kind, SHRINK_BUDGET)
                    .shrink(traced.choices());
            Run.Outcome small = Run.guided(schedule, choices, settings.limits(), true, main);
            if (sameKind(small, traced) && small.preemptions() < traced.preemptions()) {
                shrunk = " (shrunk from " + traced.preemptions() + " preemptions in " + traced.steps() + " steps)";
                shown = small;
            }
        }
        Throwable failure = shown.failed() ? shown.failure() : found.failure();
        header.append("  failure: ").append(String.valueOf(failure).replace("\n", "\n    ").stripTrailing()).append('\n');
        header.append("  trace: ").append(shown.steps()).append(" steps, ").append(shown.preemptions())
                .append(" preemptions").append(shrunk);
        return new Exploration(true, seed, failure, shown.trace(), schedulesRun, header.toString(),
                settings.replayCommand());
    }

    private static boolean sameKind(Run.Outcome a, Run.Outcome b) {
        return a.failed() && b.failed() && a.failure().getClass() == b.failure().getClass();
    }

    private static Callable<Object> asMain(Scenario scenario) {
        return () -> {
            scenario.run();
            return null;
        };
    }

    /** A well-spread 36-bit number for schedule {@code n} (SplitMix64's finalizer). */
    static long mix(long n) {
        long z = n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Schedule.RANDOM_MASK;
    }
}
