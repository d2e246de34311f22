package dev.weft.diag;

import dev.weft.diag.DeadlockReport.Edge;
import dev.weft.diag.DeadlockReport.Kind;
import dev.weft.diag.DeadlockReport.Resource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Coffman's four conditions, worded for one deadlock: which resources are exclusive, who holds
 * what while waiting, why nothing takes it back, and the circle — or, for a global deadlock
 * that ends at an event nobody is left to set, which conditions do not hold and why. Then the
 * changes that break one of them, named for the resources of this deadlock.
 *
 * <p>Implementation notes: pure functions of a {@link DeadlockReport}'s edges; the wording
 * depends on each edge's {@link Resource} kind.
 */
final class Coffman {
    static final String MUTUAL_EXCLUSION = "mutual exclusion";
    static final String HOLD_AND_WAIT = "hold and wait";
    static final String NO_PREEMPTION = "no preemption";
    static final String CIRCULAR_WAIT = "circular wait";

    private static final Set<Resource> LOCKLIKE = EnumSet.of(Resource.LOCK, Resource.SEMAPHORE, Resource.MONITOR);

    private Coffman() {
    }

    static String mutualExclusion(DeadlockReport r) {
        List<String> parts = new ArrayList<>();
        List<String> signals = new ArrayList<>();
        for (Edge e : unique(r)) {
            switch (e.kind()) {
                case LOCK, MONITOR -> parts.add(e.waitsFor() + " admits one holder at a time"
                        + (e.heldBy() != null ? " (" + e.heldBy() + " holds it)" : ""));
                case SEMAPHORE -> parts.add("every permit of " + e.waitsFor() + " is held"
                        + (e.heldBy() != null ? " (" + e.heldBy() + " holds one)" : ""));
                case TASK -> parts.add("only " + e.waitsFor() + " itself can end " + e.waitsFor());
                case GROUP -> parts.add(e.waitsFor() + " ends only when its children have, and only each child can end itself");
                case QUEUE -> parts.add("only the producers of " + e.waitsFor() + " put into it"
                        + (e.heldBy() != null ? " (" + e.heldBy() + ")" : ""));
                case RESULT -> parts.add("only " + (e.heldBy() != null ? e.heldBy() : "its settler") + " can settle "
                        + e.waitsFor());
                case SIGNAL, OTHER -> signals.add(e.waitsFor());
            }
        }
        if (parts.isEmpty()) {
            return "does not hold: " + String.join(", ", signals) + " has no holder; this is a lost wake-up"
                    + " (whatever was to set, signal or fill it never will), not a fight over a resource";
        }
        String s = String.join("; ", parts);
        return signals.isEmpty() ? s : s + "; " + String.join(", ", signals) + " has no holder";
    }

    static String holdAndWait(DeadlockReport r) {
        List<Edge> edges = r.edges();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            List<String> held = new ArrayList<>(e.holds());
            if (r.kind() != Kind.GLOBAL) {
                Edge before = edges.get((i + edges.size() - 1) % edges.size());
                if (before.kind() == Resource.TASK || before.kind() == Resource.GROUP) {
                    held.add("its own end, which " + before.party() + " waits for");
                }
            }
            parts.add(held.isEmpty() ? e.party() + " holds nothing yet waits for " + e.waitsFor()
                    : e.party() + " holds " + String.join(" and ", held) + " while it waits for " + e.waitsFor());
        }
        return String.join("; ", parts);
    }

    static String noPreemption(DeadlockReport r) {
        List<String> parts = new ArrayList<>();
        for (Resource k : kinds(r)) {
            switch (k) {
                case LOCK -> parts.add("a Lock is released only by its holder; Weft never takes it away");
                case SEMAPHORE -> parts.add("a permit comes back only when its holder releases it");
                case MONITOR -> parts.add("the JVM never takes a monitor or java.util.concurrent lock from its owner");
                case TASK, GROUP -> parts.add("a task ends only when its body returns, and nothing here cancels it");
                case QUEUE -> parts.add("nothing puts into a queue on its producers' behalf");
                case RESULT -> parts.add("nothing settles a result but whoever runs its job");
                case SIGNAL, OTHER -> parts.add("nothing outside the loop is left to step in");
            }
        }
        return String.join("; ", new LinkedHashSet<>(parts));
    }

    static String circularWait(DeadlockReport r) {
        List<Edge> edges = r.edges();
        if (r.kind() == Kind.GLOBAL) {
            List<String> ends = new ArrayList<>();
            for (Edge e : edges) {
                if (!e.kind().isHeld()) {
                    ends.add(e.waitsFor());
                }
            }
            return ends.isEmpty() ? "every sleeper waits for another sleeper: " + circle(edges)
                    : "does not hold as a circle: the waits end at " + String.join(", ", new LinkedHashSet<>(ends))
                    + ", which nobody is left to set";
        }
        return circle(edges);
    }

    private static String circle(List<Edge> edges) {
        StringBuilder s = new StringBuilder();
        for (Edge e : edges) {
            s.append(e.party()).append(" → ");
            if (!e.waitsFor().equals(e.heldBy())) {
                s.append(e.waitsFor()).append(" → ");
            }
        }
        return s.append(edges.getFirst().party()).toString();
    }

    static List<String> fixes(DeadlockReport r) {
        List<String> fixes = new ArrayList<>();
        Set<Resource> kinds = kinds(r);
        List<String> locks = new ArrayList<>();
        for (Edge e : unique(r)) {
            if (LOCKLIKE.contains(e.kind())) {
                locks.add(e.waitsFor());
            }
        }
        if (r.kind() == Kind.SELF && kinds.contains(Resource.LOCK)) {
            fixes.add("release " + locks.getFirst() + " before acquiring it again, or let the inner code run with"
                    + " it already held: a Lock is not reentrant (breaks hold and wait)");
        } else if (r.kind() == Kind.SELF && kinds.contains(Resource.TASK)) {
            fixes.add("a task cannot wait for its own end: return the value instead of joining (breaks circular wait)");
        } else if (locks.size() > 1) {
            List<String> ordered = locks.stream().sorted().toList();
            fixes.add("order the locks: take " + String.join(", ", ordered) + " in one global order everywhere,"
                    + " e.g. always " + ordered.getFirst() + " before " + ordered.getLast() + " (breaks circular wait)");
            fixes.add("use tryAcquire(Duration) and, when it times out, release what you hold, back off and retry"
                    + " (breaks hold and wait)");
            fixes.add("merge the locks: guard " + String.join(", ", ordered) + " with one lock (breaks hold and wait)");
        } else if (!locks.isEmpty()) {
            fixes.add("release " + locks.getFirst() + " before waiting, or wait with a timeout (breaks hold and wait)");
        }
        if (kinds.contains(Resource.TASK) || kinds.contains(Resource.GROUP)) {
            fixes.add("do not join a task that waits, directly or through others, for you: pass results forward"
                    + " with a Promise or a Queue, or let a common parent join both (breaks circular wait)");
        }
        if (kinds.contains(Resource.QUEUE)) {
            fixes.add("let the producer close its end (Queue.Producer.close) before it waits on its consumers,"
                    + " or take with poll(Duration) (breaks hold and wait)");
        }
        if (kinds.contains(Resource.RESULT)) {
            fixes.add("do not hold what a submitted job needs while you wait for its result (breaks hold and wait)");
        }
        if (kinds.contains(Resource.SIGNAL) || kinds.contains(Resource.OTHER)) {
            fixes.add("make sure every path sets, puts, signals or closes what the sleepers wait for, or wait"
                    + " with a timeout (Weft.withTimeout) so the wait ends");
        }
        if (fixes.isEmpty()) {
            fixes.add("wait with a timeout (tryAcquire(Duration), Weft.withTimeout) so one wait ends (breaks hold and wait)");
        }
        return fixes;
    }

    private static Set<Resource> kinds(DeadlockReport r) {
        Set<Resource> kinds = EnumSet.noneOf(Resource.class);
        for (Edge e : r.edges()) {
            kinds.add(e.kind());
        }
        return kinds;
    }

    /** The edges, one per resource waited for. */
    private static List<Edge> unique(DeadlockReport r) {
        List<Edge> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Edge e : r.edges()) {
            if (seen.add(e.waitsFor())) {
                out.add(e);
            }
        }
        return out;
    }
}
