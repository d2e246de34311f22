package dev.weft.test;

import dev.weft.WaitQueue;
import dev.weft.diag.DeadlockException;
import dev.weft.diag.DeadlockReport;
import dev.weft.sync.Lock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Builds the report for a simulated run in which every live task waits and nothing can wake
 * one: the cycle of lock waits if there is one (only its members), else every sleeping task
 * and what it waits on.
 */
final class Deadlocks {
    private Deadlocks() {
    }

    static DeadlockException report(Collection<Unit> all, Labels labels) {
        List<Unit> waiting = new ArrayList<>();
        Map<String, Unit> byDescription = new HashMap<>();
        for (Unit u : all) {
            if (!u.done && u.waitingOn != null) {
                waiting.add(u);
                byDescription.put(WaitQueue.describe(WaitQueue.threadOf(u.task)), u);
            }
        }
        List<Unit> parties = cycle(waiting, byDescription);
        List<DeadlockReport.Edge> edges = new ArrayList<>();
        for (Unit u : parties.isEmpty() ? waiting : parties) {
            edges.add(new DeadlockReport.Edge(u.label, held(u, waiting, byDescription, labels), name(u.waitingOn, labels)));
        }
        DeadlockReport report = DeadlockReport.ofCycle(edges);
        return parties.isEmpty() ? new Global(report) : new DeadlockException(report);
    }

    /** A deadlock with no cycle of locks: every task waits, and nothing that could wake one is left. */
    private static final class Global extends DeadlockException {
        Global(DeadlockReport report) {
            super(report);
        }

        @Override
        public String getMessage() {
            StringBuilder s = new StringBuilder("Deadlock: every task waits and nothing is left that could wake one"
                    + " (no timer, no I/O, no runnable task)\n");
            for (DeadlockReport.Edge e : report().edges()) {
                s.append("  ").append(e.party()).append(" waits for ").append(e.waitsFor());
                if (!e.holds().isEmpty()) {
                    s.append(", holding ").append(String.join(", ", e.holds()));
                }
                s.append('\n');
            }
            return s.append("Look for a signal, set or put that happened before its waiter began to wait,"
                    + " or a wait that no one is left to end\n").toString();
        }
    }

    /** The units on a cycle of "waits for a lock held by", in wait order; empty if none. */
    private static List<Unit> cycle(List<Unit> waiting, Map<String, Unit> byDescription) {
        for (Unit start : waiting) {
            Set<Unit> path = new LinkedHashSet<>();
            Unit u = start;
            while (u != null && path.add(u)) {
                u = holderOf(u.waitingOn, byDescription);
            }
            if (u != null) {
                List<Unit> order = new ArrayList<>(path);
                return order.subList(order.indexOf(u), order.size());
            }
        }
        return List.of();
    }

    private static Unit holderOf(Object resource, Map<String, Unit> byDescription) {
        if (resource instanceof Lock lock) {
            String holder = lock.holder();
            return holder == null ? null : byDescription.get(holder);
        }
        return null;
    }

    private static String held(Unit u, List<Unit> waiting, Map<String, Unit> byDescription, Labels labels) {
        StringJoiner held = new StringJoiner(", ");
        Set<Object> seen = new LinkedHashSet<>();
        for (Unit w : waiting) {
            if (seen.add(w.waitingOn) && holderOf(w.waitingOn, byDescription) == u) {
                held.add(name(w.waitingOn, labels));
            }
        }
        return held.length() == 0 ? "nothing" : held.toString();
    }

    private static String name(Object resource, Labels labels) {
        return labels != null ? labels.of(resource) : Labels.kinded(resource);
    }
}
