package dev.weft.diag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a deadlock looks like: the parties (tasks or threads) that wait, what each holds, what
 * each waits for and who holds that, where each began to wait, why it cannot resolve itself in
 * the terms of Coffman's four conditions — mutual exclusion, hold and wait, no preemption,
 * circular wait — and the changes that would break one of them.
 *
 * <p>Three shapes. A {@link Kind#SELF self-deadlock}: one party waits for what it holds (a
 * {@code Lock} acquired again, a task joining itself). A {@link Kind#CYCLE cycle}: each party
 * waits for what the next one holds, the last for what the first holds; {@link #parties()} are
 * the members of the cycle and no one else. A {@link Kind#GLOBAL global deadlock}: on a virtual
 * clock every task of a loop sleeps and nothing is left that could wake one (Go's "all
 * goroutines are asleep"); the parties are every sleeping task.
 *
 * <p>Immutable. Built by the wait-for graph; {@link #ofCycle}, {@link #global} and
 * {@link #selfDeadlock} are public so that tools and tests can build reports too.
 */
public final class DeadlockReport {

    /** The shape of a deadlock. */
    public enum Kind { SELF, CYCLE, GLOBAL }

    /** What kind of thing a party waits for; it decides how each Coffman condition reads. */
    public enum Resource {
        LOCK("a Lock", true),
        SEMAPHORE("a Semaphore", true),
        TASK("a task", true),
        GROUP("a task group", true),
        QUEUE("a Queue", true),
        RESULT("a result", true),
        MONITOR("a JVM lock", true),
        SIGNAL("an event, condition, barrier or promise: anyone could end the wait", false),
        OTHER("a resource", false);

        private final String description;
        private final boolean held;

        Resource(String description, boolean held) {
            this.description = description;
            this.held = held;
        }

        /** A short description, e.g. "a Lock". */
        public String description() {
            return description;
        }

        /** True if some party holds it (so waiting for it is waiting for that party). */
        public boolean isHeld() {
            return held;
        }
    }

    /**
     * One party of the deadlock: {@code party} (e.g. {@code task 'transfer-1'}) holds
     * {@code holds}, waits for {@code waitsFor} (a {@code kind}) which {@code heldBy} holds (null
     * if nobody in particular), and began to wait at the stack frame {@code where} (null if
     * unknown). In a cycle, each edge's {@code heldBy} is the next edge's {@code party}.
     */
    public record Edge(String party, List<String> holds, String waitsFor, Resource kind, String heldBy, String where) {
        public Edge {
            Objects.requireNonNull(party, "party");
            Objects.requireNonNull(waitsFor, "waitsFor");
            Objects.requireNonNull(kind, "kind");
            holds = List.copyOf(holds);
        }

        /**
         * An edge known only by names: {@code holds} is a comma-separated list, or
         * {@code "nothing"}; the resource's kind, holder and place are unknown.
         *
         * @deprecated name the kind, the holder and where the wait began: the report words the
         *             Coffman conditions and the fixes after them
         */
        @Deprecated
        public Edge(String party, String holds, String waitsFor) {
            this(party, holds == null || holds.equals("nothing") ? List.of() : List.of(holds.split(", ")), waitsFor,
                    Resource.OTHER, null, null);
        }
    }

    private final Kind kind;
    private final List<Edge> edges;
    private final List<String> jvmDeadlocks;
    private final String victim;

    private DeadlockReport(Kind kind, List<Edge> edges, List<String> jvmDeadlocks, String victim) {
        if (edges.isEmpty()) {
            throw new IllegalArgumentException("a deadlock needs at least one party");
        }
        this.kind = kind;
        this.edges = List.copyOf(edges);
        this.jvmDeadlocks = List.copyOf(jvmDeadlocks);
        this.victim = victim;
    }

    /** A cycle of waits, in wait order: each edge's party holds what the previous one waits for. */
    public static DeadlockReport ofCycle(List<Edge> edges) {
        return new DeadlockReport(edges.size() == 1 ? Kind.SELF : Kind.CYCLE, edges, List.of(), null);
    }

    /** Every task of a loop asleep with nothing left to wake one; one edge per sleeping task. */
    public static DeadlockReport global(List<Edge> sleepers) {
        return new DeadlockReport(Kind.GLOBAL, sleepers, List.of(), null);
    }

    /** {@code party} holds the lock {@code resource} and asks for it again (a Lock is not reentrant). */
    public static DeadlockReport selfDeadlock(String party, String resource) {
        var where = dev.weft.spi.UserFrames.caller();
        return ofCycle(List.of(new Edge(party, List.of(resource), resource, Resource.LOCK, party,
                where == null ? null : where.toString())));
    }

    /** This report, also listing what the JVM finds deadlocked in its own locks. */
    public DeadlockReport withJvmDeadlocks(List<String> lines) {
        return new DeadlockReport(kind, edges, lines, victim);
    }

    /** This report, naming the party the exception is raised in and why it was chosen. */
    public DeadlockReport withVictim(String victim) {
        return new DeadlockReport(kind, edges, jvmDeadlocks, victim);
    }

    public Kind kind() {
        return kind;
    }

    /** Every party, each entry naming the task or thread as a whole word ({@code task 'x'}). */
    public List<String> parties() {
        return edges.stream().map(Edge::party).toList();
    }

    /** Every resource waited for or held in the deadlock, each once, in the order the edges meet them. */
    public List<String> resources() {
        List<String> all = new ArrayList<>();
        for (Edge e : edges) {
            add(all, e.waitsFor());
        }
        for (Edge e : edges) {
            for (String h : e.holds()) {
                add(all, h);
            }
        }
        return List.copyOf(all);
    }

    private static void add(List<String> all, String r) {
        if (r != null && !all.contains(r)) {
            all.add(r);
        }
    }

    /** The edges in wait order. */
    public List<Edge> edges() {
        return edges;
    }

    /**
     * The edges in wait order.
     *
     * @deprecated the same as {@link #edges()}, which also fits a global deadlock (not a cycle)
     */
    @Deprecated
    public List<Edge> cycle() {
        return edges;
    }

    /**
     * The four Coffman conditions, in their usual order, each with how it holds (or, in a global
     * deadlock on an event nobody is left to set, why it does not).
     */
    public Map<String, String> conditions() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(Coffman.MUTUAL_EXCLUSION, Coffman.mutualExclusion(this));
        c.put(Coffman.HOLD_AND_WAIT, Coffman.holdAndWait(this));
        c.put(Coffman.NO_PREEMPTION, Coffman.noPreemption(this));
        c.put(Coffman.CIRCULAR_WAIT, Coffman.circularWait(this));
        return c;
    }

    /** The changes that would break it, each naming the condition it breaks. */
    public List<String> fixes() {
        return Coffman.fixes(this);
    }

    /** Threads the JVM itself finds deadlocked in monitors or java.util.concurrent locks. */
    public List<String> jvmDeadlocks() {
        return jvmDeadlocks;
    }

    /** The party the exception is raised in, with why, or null if it is only reported. */
    public String victim() {
        return victim;
    }

    /** The report as text: parties, Coffman's conditions as they hold here, fixes. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(switch (kind) {
            case SELF -> "Deadlock: " + edges.getFirst().party() + " waits for what it holds itself\n";
            case CYCLE -> "Deadlock: " + edges.size() + " parties wait for each other in a cycle\n";
            case GLOBAL -> "Deadlock: all " + edges.size() + (edges.size() == 1 ? " task" : " tasks")
                    + " of the loop sleep, and nothing is left that could wake one"
                    + " (no timer, no I/O, no outside work)\n";
        });
        for (Edge e : edges) {
            s.append("  ").append(e.party());
            if (!e.holds().isEmpty()) {
                s.append(" holds ").append(String.join(", ", e.holds())).append(" and");
            }
            s.append(" waits for ").append(e.waitsFor()).append(" (").append(e.kind().description()).append(')');
            if (e.heldBy() != null) {
                s.append(e.kind() == Resource.SIGNAL || e.kind() == Resource.OTHER ? " which " : " held by ")
                        .append(e.heldBy()).append(e.kind() == Resource.SIGNAL ? " could end" : "");
            }
            s.append('\n');
            if (e.where() != null) {
                s.append("      began waiting at ").append(e.where()).append('\n');
            }
        }
        s.append("Coffman's four conditions, as they hold here:\n");
        conditions().forEach((name, how) -> s.append("  ").append(name).append(": ").append(how).append('\n'));
        s.append("To break it (breaking any one condition is enough):\n");
        for (String fix : fixes()) {
            s.append("  - ").append(fix).append('\n');
        }
        if (victim != null) {
            s.append("Raised in ").append(victim).append(".\n");
        }
        if (!jvmDeadlocks.isEmpty()) {
            s.append("The JVM also finds these threads deadlocked in its own locks:\n");
            for (String line : jvmDeadlocks) {
                s.append("  ").append(line).append('\n');
            }
        }
        return s.toString();
    }

    /**
     * The deadlock as a Graphviz digraph: parties as boxes, resources as ellipses, waits in red.
     * A join (a task waiting for another to end) is drawn straight from party to party.
     */
    public String toDot() {
        StringBuilder s = new StringBuilder("digraph deadlock {\n  rankdir=LR;\n");
        List<String> parties = parties();
        for (String p : parties) {
            s.append("  ").append(quote(p)).append(" [shape=box];\n");
        }
        for (String r : resources()) {
            if (!parties.contains(r)) {
                s.append("  ").append(quote(r)).append(" [shape=ellipse];\n");
            }
        }
        for (Edge e : edges) {
            for (String h : e.holds()) {
                if (!parties.contains(h)) {
                    s.append("  ").append(quote(h)).append(" -> ").append(quote(e.party())).append(" [label=\"held by\"];\n");
                }
            }
            if (parties.contains(e.waitsFor())) {
                s.append("  ").append(quote(e.party())).append(" -> ").append(quote(e.waitsFor()))
                        .append(" [label=\"joins\", color=red];\n");
                continue;
            }
            s.append("  ").append(quote(e.party())).append(" -> ").append(quote(e.waitsFor()))
                    .append(" [label=\"waits for\", color=red];\n");
            if (e.heldBy() != null && e.kind().isHeld() && !e.holds().contains(e.waitsFor())
                    && !holdsOf(e.heldBy()).contains(e.waitsFor())) {
                s.append("  ").append(quote(e.waitsFor())).append(" -> ").append(quote(e.heldBy()))
                        .append(" [label=\"held by\"];\n");
            }
        }
        return s.append("}\n").toString();
    }

    private List<String> holdsOf(String party) {
        for (Edge e : edges) {
            if (e.party().equals(party)) {
                return e.holds();
            }
        }
        return List.of();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return toText();
    }
}
