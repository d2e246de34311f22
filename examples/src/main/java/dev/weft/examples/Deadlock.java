// deadlock — what Weft does when tasks deadlock. First the naive versions: five dining
// philosophers who each take the fork on their left, then the one on their right; and two
// transfers between the same accounts, each locking the account it takes money from first.
// Both deadlock at once: every party holds one lock and waits for another. Weft sees the cycle
// close in its wait-for graph and raises DeadlockException in one waiter (the youngest), with a
// report that names every party, what it holds, what it waits for, where it began to wait, the
// four Coffman conditions as they hold, and the changes that break one. Before that, its lock-order
// analysis (lockdep) warns that the locks are taken in both orders. Then the fixed versions —
// forks and accounts locked in one global order, lowest number first — run under many seeds
// with no report at all. Virtual time, seeded.
//
//   weft example deadlock [SEEDS]                  (default: 200 seeds for the fixed versions)
package dev.weft.examples;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.diag.DeadlockException;
import dev.weft.diag.DeadlockReport;
import dev.weft.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

public final class Deadlock {
    static final int DINERS = 5;

    /** What the run showed: the two reports, the lock-order warnings, and the fixed runs. */
    public record Result(DeadlockReport philosophers, DeadlockReport transfer, List<String> warnings,
                         int fixedRuns, List<String> fixedReports) {
    }

    /** A loop on a virtual clock that keeps what diagnostics say. */
    private static EventLoop.Options options(long seed, List<String> said) {
        return EventLoop.Options.defaults().withVirtualTime().withSeed(seed)
                .withDiagnostics((what, evidence) -> said.add(what));
    }

    /** Left fork, then right: everyone holds one fork and waits for the next. */
    static DeadlockReport naivePhilosophers(List<String> warnings) {
        return Weft.run(options(1, warnings), () -> {
            Lock[] forks = forks();
            List<Task<Object>> diners = new ArrayList<>();
            for (int i = 0; i < DINERS; i++) {
                Lock left = forks[i];
                Lock right = forks[(i + 1) % DINERS];
                diners.add(Weft.spawn("philosopher-" + i, () -> dine(left, right, Duration.ofSeconds(1))));
            }
            return raised(diners);
        });
    }

    /** Source account first: a→b and b→a each hold one account and wait for the other. */
    static DeadlockReport naiveTransfer(List<String> warnings) {
        return Weft.run(options(1, warnings), () -> {
            Lock alice = new Lock("account-alice");
            Lock bob = new Lock("account-bob");
            Task<Object> toBob = Weft.spawn("transfer-alice-to-bob", () -> dine(alice, bob, Duration.ofMillis(5)));
            Task<Object> toAlice = Weft.spawn("transfer-bob-to-alice", () -> dine(bob, alice, Duration.ofMillis(5)));
            return raised(List.of(toBob, toAlice));
        });
    }

    /** Takes {@code first}, lets the others run a while, then takes {@code second}. */
    private static Object dine(Lock first, Lock second, Duration between) {
        try (var a = first.hold()) {
            Weft.sleep(between);
            try (var b = second.hold()) {
                Weft.sleep(between);
            }
        }
        return null;
    }

    private static DeadlockReport raised(List<Task<Object>> parties) {
        DeadlockReport report = null;
        for (Task<Object> t : parties) {
            try {
                t.join();
            } catch (DeadlockException e) {
                report = e.report();
            }
        }
        if (report == null) {
            throw new IllegalStateException("the naive version did not deadlock");
        }
        return report;
    }

    private static Lock[] forks() {
        Lock[] forks = new Lock[DINERS];
        for (int i = 0; i < DINERS; i++) {
            forks[i] = new Lock("fork-" + i);
        }
        return forks;
    }

    /** Ordered forks and ordered accounts, under one seed; what diagnostics said goes to {@code said}. */
    static void fixed(long seed, List<String> said) {
        Weft.run(options(seed, said), () -> {
            Random random = new Random(seed);
            Lock[] forks = forks();
            Lock[] accounts = {new Lock("account-0"), new Lock("account-1"), new Lock("account-2")};
            TaskGroup.run(g -> {
                for (int i = 0; i < DINERS; i++) {
                    Lock first = forks[Math.min(i, (i + 1) % DINERS)];
                    Lock second = forks[Math.max(i, (i + 1) % DINERS)];
                    g.spawn("philosopher-" + i, () -> dine(first, second, Duration.ofMillis(1 + random.nextInt(3))));
                }
                for (int t = 0; t < 6; t++) {
                    int from = random.nextInt(3);
                    int to = (from + 1 + random.nextInt(2)) % 3;
                    g.spawn("transfer-" + t, () -> dine(accounts[Math.min(from, to)], accounts[Math.max(from, to)],
                            Duration.ofMillis(1 + random.nextInt(3))));
                }
                return null;
            });
            return null;
        });
    }

    public static Result run(int seeds) {
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        DeadlockReport philosophers = naivePhilosophers(warnings);
        DeadlockReport transfer = naiveTransfer(warnings);
        List<String> fixedReports = Collections.synchronizedList(new ArrayList<>());
        for (long seed = 0; seed < seeds; seed++) {
            fixed(seed, fixedReports);
        }
        return new Result(philosophers, transfer, List.copyOf(warnings), seeds, List.copyOf(fixedReports));
    }

    public static void main(String[] args) {
        int seeds = Examples.count(args, 0, "SEEDS", 200, 1);
        Result r = run(seeds);
        System.out.println("== Naive dining philosophers: left fork, then right ==");
        System.out.println(r.philosophers().toText());
        System.out.println("== Naive transfers: the source account first ==");
        System.out.println(r.transfer().toText());
        System.out.println("The same, as Graphviz (dot -Tsvg):");
        System.out.println(r.transfer().toDot());
        System.out.println("Lock-order analysis warned before the deadlocks formed:");
        for (String w : r.warnings()) {
            if (w.startsWith("Possible deadlock")) {
                System.out.println("  " + w);
            }
        }
        System.out.println();
        System.out.println("== Fixed: forks and accounts locked lowest number first ==");
        System.out.printf("%d seeds of philosophers and transfers: %d reports%n", r.fixedRuns(), r.fixedReports().size());
        if (!r.fixedReports().isEmpty()) {
            throw new IllegalStateException("the fixed versions reported: " + r.fixedReports());
        }
    }
}
