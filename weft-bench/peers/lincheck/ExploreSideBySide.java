import dev.weft.Task;
import dev.weft.sync.Lock;
import dev.weft.test.Exploration;
import dev.weft.test.Explorer;
import dev.weft.test.Simulation;
import dev.weft.test.Strategy;
import dev.weft.test.catalogue.Bug;
import dev.weft.test.catalogue.Catalogue;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Schedules per second of Weft's explorer and of JetBrains Lincheck's model checker on the same
 * small scenario — two threads, each calling a lock-guarded counter's inc() SCENARIO_OPS times —
 * in one JVM, alternating rounds; then, per catalogue bug, how many schedules RANDOM and PCT need.
 *
 *   java ExploreSideBySide [rounds] [schedulesPerRound] [firstSeeds]
 */
public final class ExploreSideBySide {
    static final int SCENARIO_OPS = 3;

    /** Lincheck's side: the counter, its operation, checked for linearizability each invocation. */
    public static class LincheckCounter {
        private final ReentrantLock lock = new ReentrantLock();
        private int value;

        @Operation
        public int inc() {
            lock.lock();
            try {
                return ++value;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Weft's side: the same counter, two simulated threads, and the invariant at the end. */
    static void weftScenario() {
        Lock lock = new Lock("counter");
        int[] value = {0};
        List<Task<Object>> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(Simulation.thread(() -> {
                for (int i = 0; i < SCENARIO_OPS; i++) {
                    lock.acquire();
                    try {
                        value[0]++;
                    } finally {
                        lock.release();
                    }
                }
                return null;
            }));
        }
        threads.forEach(Task::join);
        if (value[0] != 2 * SCENARIO_OPS) {
            throw new AssertionError("counter " + value[0]);
        }
    }

    static double weftRate(Strategy strategy, int schedules) {
        long t0 = System.nanoTime();
        Exploration e = Explorer.builder().seeds(schedules).strategy(strategy).build().explore(ExploreSideBySide::weftScenario);
        long t1 = System.nanoTime();
        if (e.failed()) {
            throw new AssertionError(e.toString());
        }
        return e.schedulesRun() / ((t1 - t0) / 1e9);
    }

    static double lincheckRate(int invocations) {
        ModelCheckingOptions options = new ModelCheckingOptions().iterations(1).invocationsPerIteration(invocations)
                .threads(2).actorsPerThread(SCENARIO_OPS).actorsBefore(0).actorsAfter(0).minimizeFailedScenario(false);
        long t0 = System.nanoTime();
        options.check(LincheckCounter.class);
        long t1 = System.nanoTime();
        return invocations / ((t1 - t0) / 1e9);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int schedules = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int firstSeeds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        System.out.println("warm-up...");
        weftRate(Strategy.RANDOM, schedules);
        weftRate(Strategy.PCT, schedules);
        lincheckRate(schedules / 10);
        double[][] rates = new double[3][rounds];
        for (int r = 0; r < rounds; r++) {
            rates[0][r] = weftRate(Strategy.RANDOM, schedules);
            rates[1][r] = weftRate(Strategy.PCT, schedules);
            rates[2][r] = lincheckRate(schedules / 10);
            System.out.printf("round %d: weft RANDOM %.0f/s, weft PCT %.0f/s, lincheck %.0f/s%n",
                    r + 1, rates[0][r], rates[1][r], rates[2][r]);
        }
        System.out.printf("%nschedules per second (median of %d rounds; 2 threads x %d lock-guarded inc())%n", rounds, SCENARIO_OPS);
        System.out.printf("| Weft RANDOM | Weft PCT | Lincheck 3.7 model checking | Weft RANDOM / Lincheck |%n|---|---|---|---|%n");
        System.out.printf("| %.0f | %.0f | %.0f | %.1fx |%n", median(rates[0]), median(rates[1]), median(rates[2]),
                median(rates[0]) / median(rates[2]));
        System.out.printf("%nschedules to the first failure, over %d explorations with different first seeds (mean / max)%n", firstSeeds);
        System.out.printf("| bug | RANDOM | PCT depth 2 | PCT depth 3 |%n|---|---|---|---|%n");
        for (Bug bug : Catalogue.all()) {
            System.out.printf("| %s | %s | %s | %s |%n", bug.name(), needed(bug, Strategy.RANDOM, 2, firstSeeds),
                    needed(bug, Strategy.PCT, 2, firstSeeds), needed(bug, Strategy.PCT, 3, firstSeeds));
        }
    }

    static String needed(Bug bug, Strategy strategy, int depth, int firstSeeds) {
        int sum = 0;
        int max = 0;
        int missed = 0;
        for (int s = 0; s < firstSeeds; s++) {
            Exploration e = Explorer.builder().strategy(strategy).depth(depth).firstSeed(s * 1_000_003L).shrink(false)
                    .seeds(10_000).build().explore(bug.buggy());
            if (!e.failed()) {
                missed++;
                continue;
            }
            sum += e.schedulesRun();
            max = Math.max(max, e.schedulesRun());
        }
        int found = firstSeeds - missed;
        return found == 0 ? "not found" : String.format("%.1f / %d%s", (double) sum / found, max,
                missed > 0 ? " (" + missed + " missed)" : "");
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
