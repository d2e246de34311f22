package dev.weft.diag;

import java.util.ArrayList;
import java.util.List;

/**
 * What a deadlock looks like: the parties (tasks or threads) in the cycle, the resources they
 * hold and wait for, and why it cannot resolve itself, in the terms of Coffman's four
 * conditions — all four hold in every deadlock, and breaking any one prevents it.
 *
 * <p>Built from the cycle's edges: each says that a party, holding some resource, waits for a
 * resource held by the next party; the last edge leads back to the first.
 */
public final class DeadlockReport {

    /** One link of the cycle: {@code party} holds {@code holds} and waits for {@code waitsFor}. */
    public record Edge(String party, String holds, String waitsFor) {
    }

    private final List<Edge> cycle;

    private DeadlockReport(List<Edge> cycle) {
        if (cycle.isEmpty()) {
            throw new IllegalArgumentException("a deadlock needs at least one party");
        }
        this.cycle = List.copyOf(cycle);
    }

    /** A report for the cycle {@code edges}, in wait order. */
    public static DeadlockReport ofCycle(List<Edge> edges) {
        return new DeadlockReport(edges);
    }

    /** A party that holds {@code resource} and asks for it again (a non-reentrant lock). */
    public static DeadlockReport selfDeadlock(String party, String resource) {
        return new DeadlockReport(List.of(new Edge(party, resource, resource)));
    }

    /** Every party in the cycle, each a line that names the task or thread as a whole word. */
    public List<String> parties() {
        return cycle.stream().map(Edge::party).toList();
    }

    /** Every resource involved, each once, in the order the cycle meets them. */
    public List<String> resources() {
        List<String> all = new ArrayList<>();
        for (Edge e : cycle) {
            for (String r : List.of(e.holds(), e.waitsFor())) {
                if (r != null && !all.contains(r)) {
                    all.add(r);
                }
            }
        }
        return List.copyOf(all);
    }

    /** The cycle's edges in wait order. */
    public List<Edge> cycle() {
        return cycle;
    }

    /** The report as text: the cycle, the four Coffman conditions as they hold here, and fixes. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        boolean self = cycle.size() == 1;
        s.append(self ? "Deadlock: a party waits for a resource it holds itself\n"
                : "Deadlock: " + cycle.size() + " parties wait for each other in a cycle\n");
        for (Edge e : cycle) {
            s.append("  ").append(e.party()).append(" holds ").append(e.holds())
                    .append(" and waits for ").append(e.waitsFor()).append('\n');
        }
        s.append("Why it cannot resolve itself (Coffman's four conditions all hold):\n");
        s.append("  mutual exclusion: ").append(String.join(", ", resources()))
                .append(self ? " admits one holder at a time\n" : " each admit one holder at a time\n");
        s.append("  hold and wait: each party keeps what it holds while it waits for more\n");
        s.append("  no preemption: nothing takes a held resource away; only its holder releases it\n");
        s.append("  circular wait: ").append(circle()).append('\n');
        s.append("To break it: ");
        s.append(self ? "release before acquiring again, or do not acquire a lock you already hold"
                : "acquire the resources in one global order (lock ordering), or use tryAcquire with a"
                + " timeout and back off, or guard them with one lock instead of several");
        s.append('\n');
        return s.toString();
    }

    private String circle() {
        StringBuilder s = new StringBuilder();
        for (Edge e : cycle) {
            s.append(e.party()).append(" -> ");
        }
        return s.append(cycle.getFirst().party()).toString();
    }

    /** The cycle as a Graphviz digraph: parties as boxes, resources as ellipses. */
    public String toDot() {
        StringBuilder s = new StringBuilder("digraph deadlock {\n");
        for (Edge e : cycle) {
            s.append("  ").append(quote(e.party())).append(" [shape=box];\n");
        }
        for (String r : resources()) {
            s.append("  ").append(quote(r)).append(" [shape=ellipse];\n");
        }
        for (Edge e : cycle) {
            s.append("  ").append(quote(e.holds())).append(" -> ").append(quote(e.party())).append(" [label=\"held by\"];\n");
            s.append("  ").append(quote(e.party())).append(" -> ").append(quote(e.waitsFor()))
                    .append(" [label=\"waits for\", color=red];\n");
        }
        return s.append("}\n").toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return toText();
    }
}
