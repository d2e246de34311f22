package dev.weft.diag;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers for the diagnostics tests: loops on a virtual clock that keep what they report. */
final class DiagTesting {
    static final List<String> COFFMAN = List.of("mutual exclusion", "hold and wait", "no preemption", "circular wait");
    static final Duration MS = Duration.ofMillis(1);

    private DiagTesting() {
    }

    /** What a loop handed its failure and diagnostics handlers, in order; safe to add to from any thread. */
    static final class Reports {
        final List<String> what = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> evidence = Collections.synchronizedList(new ArrayList<>());

        EventLoop.Options on(EventLoop.Options options) {
            java.util.function.BiConsumer<String, Throwable> keep = (w, e) -> {
                synchronized (what) {
                    what.add(w);
                    evidence.add(e);
                }
            };
            return options.withFailureHandler(keep).withDiagnostics(keep);
        }

        List<DeadlockReport> deadlocks() {
            synchronized (what) {
                return evidence.stream().filter(e -> e instanceof DeadlockException)
                        .map(e -> ((DeadlockException) e).report()).toList();
            }
        }

        List<Diagnosis> diagnoses(Diagnosis.Kind kind) {
            synchronized (what) {
                return evidence.stream().filter(e -> e instanceof Diagnosis d && d.kind() == kind)
                        .map(e -> (Diagnosis) e).toList();
            }
        }

        /** Reports about deadlocks or lock order: what must never appear for correct programs. */
        List<String> deadlockish() {
            synchronized (what) {
                List<String> bad = new ArrayList<>();
                for (int i = 0; i < what.size(); i++) {
                    Throwable e = evidence.get(i);
                    if (e instanceof DeadlockException || (e instanceof Diagnosis d && d.kind() == Diagnosis.Kind.LOCK_ORDER)) {
                        bad.add(what.get(i));
                    }
                }
                return bad;
            }
        }
    }

    /** A virtual-time loop, seeded, that finds a global deadlock at once. */
    static EventLoop.Options virtual(long seed) {
        return EventLoop.Options.defaults().withVirtualTime().withSeed(seed).withDeadlockGrace(Duration.ZERO);
    }

    static <T> T run(EventLoop.Options options, Callable<T> main) {
        return Weft.run(options, main);
    }

    /** Takes {@code first}, lets the others run a moment, then takes {@code second}: half of a crossing. */
    static Object takeBoth(dev.weft.sync.Lock first, dev.weft.sync.Lock second) {
        try (var x = first.hold()) {
            Weft.sleep(MS);
            try (var y = second.hold()) {
                return null;
            }
        }
    }

    /** Joins every task; returns the DeadlockExceptions they ended with (others are rethrown). */
    static List<DeadlockException> joinAll(List<? extends Task<?>> tasks) {
        List<DeadlockException> raised = new ArrayList<>();
        for (Task<?> t : tasks) {
            try {
                t.join();
            } catch (DeadlockException e) {
                raised.add(e);
            }
        }
        return raised;
    }

    /** Asserts that the parties are exactly {@code names} (each as a whole word), in any order. */
    static void assertParties(DeadlockReport r, String... names) {
        assertThat(r.parties()).hasSize(names.length);
        String all = String.join("\n", r.parties());
        for (String n : names) {
            assertThat(all).containsPattern("(^|\\W)" + Pattern.quote(n) + "(\\W|$)");
        }
    }

    /** Asserts the report states the four conditions, by name, in order, and its text says so too. */
    static void assertCoffman(DeadlockReport r) {
        assertThat(r.conditions().keySet()).containsExactlyElementsOf(COFFMAN);
        assertThat(r.toText()).contains(COFFMAN);
        assertThat(r.fixes()).isNotEmpty();
        for (String party : r.parties()) {
            assertThat(r.toText()).contains(party);
        }
        for (String resource : r.resources()) {
            assertThat(r.toText()).contains(resource);
            assertThat(r.toDot()).contains(resource);
        }
        assertThat(r.toDot()).startsWith("digraph deadlock {").endsWith("}\n");
    }
}
