package dev.weft.diag;

import dev.weft.WaitQueue;
import dev.weft.diag.DeadlockReport.Edge;
import dev.weft.diag.DeadlockReport.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the wait-for graph found into {@link DeadlockReport}s: for each party, its name,
 * the locks it holds, what it waits for and who holds that, and the user frame where it began
 * to wait (read from its stack now: a parked party's stack is where it waits).
 */
final class Reports {
    private Reports() {
    }

    /** The report of a cycle found by {@link CycleSearch}, in wait order. */
    static DeadlockReport ofCycle(List<CycleSearch.Node> cycle) {
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            CycleSearch.Node n = cycle.get(i);
            CycleSearch.Node next = cycle.get((i + 1) % cycle.size());
            String heldBy = party(next);
            if (n.wait != null) {
                Object r = n.wait.resource();
                edges.add(new Edge(party(n), Tracked.heldBy(n.wait.thread()), Resources.name(r),
                        Resources.kind(r, true), heldBy, Resources.where(n.wait.thread())));
            } else {
                edges.add(new Edge(party(n), List.of(), n.jvm.lock(), Resource.MONITOR, heldBy,
                        Resources.where(n.jvm.stack())));
            }
        }
        return DeadlockReport.ofCycle(edges).withJvmDeadlocks(JvmLocks.deadlocked());
    }

    /** A party's name: {@code task 'a'}, {@code thread 'b'}. */
    static String party(CycleSearch.Node n) {
        if (n.thread != null) {
            return WaitQueue.describe(n.thread);
        }
        return "thread '" + (n.jvm != null ? n.jvm.threadName() : "#" + n.id) + "'";
    }

    /** The report of a global deadlock: one edge per sleeping task, oldest first. */
    static DeadlockReport global(List<WaitQueue.Waiter> sleepers) {
        List<Edge> edges = new ArrayList<>();
        for (WaitQueue.Waiter w : sleepers) {
            Thread[] wakers = CycleSearch.wakersOf(w);
            Object r = w.resource();
            edges.add(new Edge(Resources.party(w), Tracked.heldBy(w.thread()), Resources.name(r),
                    Resources.kind(r, wakers.length > 0), wakers.length == 0 ? null : names(wakers),
                    Resources.where(w.thread())));
        }
        return DeadlockReport.global(edges).withJvmDeadlocks(JvmLocks.deadlocked());
    }

    private static String names(Thread[] threads) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < threads.length && i < 4; i++) {
            names.add(WaitQueue.describe(threads[i]));
        }
        return String.join(", ", names) + (threads.length > 4 ? " and " + (threads.length - 4) + " more" : "");
    }
}
