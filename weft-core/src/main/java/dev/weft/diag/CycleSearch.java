package dev.weft.diag;

import dev.weft.WaitQueue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds whether a wait that just began (or whose wakers just changed) can ever end, following
 * the wait-for graph from that one edge: the incremental check, run where the edge is added.
 *
 * <p>Every party — a task's virtual thread or a plain thread — is a node. A party is
 * <em>free</em> unless it waits without a time limit: in Weft, for parties the wait names (its
 * {@link dev.weft.Wakers}), or, for a platform thread blocked in a JVM monitor or
 * {@code java.util.concurrent} lock, for that lock's owner. A waiting party is free as soon as
 * any one of those it waits for is free (any holder could release, any producer put, any child
 * fail and so cancel its siblings). A wait that anyone could end (an event) is free; so is a
 * timed wait, a task blocked in a JDK call, a running party, one that has ended. The parties
 * that stay unfree are the greatest fixpoint: none of them can ever be woken by another.
 *
 * <p>If the starting party is unfree and lies on a cycle of unfree parties, the shortest such
 * cycle is the deadlock. A starting party that is stuck only behind a deadlock found before is
 * not a new one. Before it is believed, the cycle is read a second time: each of its waits must
 * still be the same wait, still waiting, still for the same next party. Since a waiting party
 * cannot release what it holds, a cycle seen twice held at one moment, and from then on for good.
 *
 * <p>Implementation notes: reads the live state of other threads without locks; a party that
 * moves on meanwhile only makes it look free. At most {@value #MAX_PARTIES} parties are visited;
 * beyond that the wait is taken to be able to end.
 */
final class CycleSearch {
    static final int MAX_PARTIES = 4096;

    /** One party as the search sees it. */
    static final class Node {
        final long id;
        final Thread thread;
        final WaitQueue.Waiter wait;
        final JvmLocks.Blocked jvm;
        final long[] next;
        final Thread[] nextThreads;
        boolean free;

        Node(long id, Thread thread, WaitQueue.Waiter wait, JvmLocks.Blocked jvm, Thread[] nextThreads, long[] next,
             boolean free) {
            this.id = id;
            this.thread = thread;
            this.wait = wait;
            this.jvm = jvm;
            this.nextThreads = nextThreads;
            this.next = next;
            this.free = free;
        }
    }

    private final WaitQueue.Waiter start;
    private final Map<Long, Node> nodes = new LinkedHashMap<>();

    private CycleSearch(WaitQueue.Waiter start) {
        this.start = start;
    }

    /** The deadlock cycle through {@code start}'s party, in wait order from it; null if there is none. */
    static List<Node> cycleThrough(WaitQueue.Waiter start) {
        CycleSearch s = new CycleSearch(start);
        Node first = s.explore();
        if (first == null || first.free) {
            return null;
        }
        s.settle();
        if (first.free) {
            return null;
        }
        List<Node> cycle = s.shortestCycle(first);
        return cycle != null && stillHolds(cycle) ? cycle : null;
    }

    private Node explore() {
        Node first = node(start.thread().threadId(), start.thread());
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.add(first);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            if (n.free) {
                continue;
            }
            for (int i = 0; i < n.next.length; i++) {
                if (!nodes.containsKey(n.next[i])) {
                    if (nodes.size() >= MAX_PARTIES) {
                        return null;
                    }
                    todo.add(node(n.next[i], n.nextThreads[i]));
                }
            }
        }
        return first;
    }

    /** Reads one party; {@code thread} may be null when only its id is known (a JVM lock's owner). */
    private Node node(long id, Thread thread) {
        Node n = read(id, thread);
        nodes.put(id, n);
        return n;
    }

    private Node read(long id, Thread thread) {
        WaitQueue.Waiter w = thread == start.thread() || id == start.thread().threadId() ? start
                : thread != null ? WaitQueue.currentWait(thread) : WaitQueue.currentWait(id);
        Thread t = thread != null ? thread : w != null ? w.thread() : null;
        if (w != null && w.isWaiting() && !w.isTimed()) {
            Thread[] wakers = wakersOf(w);
            long[] next = new long[wakers.length];
            for (int i = 0; i < wakers.length; i++) {
                next[i] = wakers[i].threadId();
            }
            return new Node(id, t, w, null, wakers, next, wakers.length == 0);
        }
        if (w == null && (t == null || !t.isVirtual()) && mayBeBlockedInJvm(t)) {
            JvmLocks.Blocked b = JvmLocks.blockedOn(id);
            if (b != null) {
                return new Node(id, t, null, b, new Thread[1], new long[] {b.ownerId()}, false);
            }
        }
        return new Node(id, t, w, null, new Thread[0], new long[0], true);
    }

    private static boolean mayBeBlockedInJvm(Thread t) {
        if (t == null) {
            return true;
        }
        Thread.State s = t.getState();
        return s == Thread.State.BLOCKED || s == Thread.State.WAITING;
    }

    static Thread[] wakersOf(WaitQueue.Waiter w) {
        try {
            return w.wakers();
        } catch (RuntimeException e) {
            // The primitive's state moved under us (a group's children changed): anyone may act.
            return dev.weft.Wakers.ANYONE;
        }
    }

    /** Frees every party that some free party could wake, until nothing changes. */
    private void settle() {
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Node n : nodes.values()) {
                if (!n.free && anyFree(n)) {
                    n.free = true;
                    changed = true;
                }
            }
        }
    }

    private boolean anyFree(Node n) {
        for (long id : n.next) {
            Node m = nodes.get(id);
            if (m == null || m.free) {
                return true;
            }
        }
        return false;
    }

    /** Breadth first from {@code first} back to itself through unfree parties. */
    private List<Node> shortestCycle(Node first) {
        Map<Long, Node> parent = new HashMap<>();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.add(first);
        while (!todo.isEmpty()) {
            Node n = todo.poll();
            for (long id : n.next) {
                if (id == first.id) {
                    List<Node> cycle = new ArrayList<>();
                    for (Node m = n; m != first; m = parent.get(m.id)) {
                        cycle.addFirst(m);
                    }
                    cycle.addFirst(first);
                    return cycle;
                }
                Node m = nodes.get(id);
                if (m != null && !m.free && !parent.containsKey(id)) {
                    parent.put(id, n);
                    todo.add(m);
                }
            }
        }
        return null;
    }

    /** The second reading: same waits, still waiting, still for the same next party. */
    private static boolean stillHolds(List<Node> cycle) {
        for (int i = 0; i < cycle.size(); i++) {
            Node n = cycle.get(i);
            long next = cycle.get((i + 1) % cycle.size()).id;
            if (n.wait != null) {
                if (!n.wait.isWaiting() || !names(wakersOf(n.wait), next)) {
                    return false;
                }
            } else {
                JvmLocks.Blocked b = JvmLocks.blockedOn(n.id);
                if (b == null || b.ownerId() != next) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean names(Thread[] wakers, long id) {
        for (Thread t : wakers) {
            if (t.threadId() == id) {
                return true;
            }
        }
        return false;
    }
}
