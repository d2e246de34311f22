package dev.weft.diag;

import dev.weft.EventLoop;
import dev.weft.EventLoop.DeadlockPolicy;
import dev.weft.EventLoop.DeadlockVictim;
import dev.weft.WaitQueue;
import dev.weft.spi.WaitObserver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The wait-for graph: every wait in Weft is an edge from the waiter to the parties that could
 * end it (a lock's holder, a semaphore's permit holders, a queue's producers, a joined task, a
 * group's children, a pool worker). When an untimed wait begins, this checks from that new edge
 * whether the waiter can still be woken ({@link CycleSearch}); if it has closed a cycle, one
 * waiter of the cycle gets {@link DeadlockException}, or the deadlock is reported, as the
 * loop's {@link DeadlockPolicy} says. It also hears when a loop finds every task asleep.
 *
 * <p>The common case costs one look: the waiter's holder is running, or in a timed wait, so it
 * is free and the wait is allowed. Only when that look fails does the search run.
 *
 * <p>Implementation notes: stateless apart from {@code handled}, the waits of deadlocks already
 * acted on (weakly held), so that two parties finding the same cycle at once act on it once.
 * Plain threads outside any loop use the policy of the system property {@code weft.deadlock}
 * ({@code raise}, {@code report} or {@code both}; raise by default) and report to the
 * {@code dev.weft.diag} logger. Found by the kernel through
 * {@code META-INF/services/dev.weft.spi.WaitObserver}.
 */
public final class WaitForGraph implements WaitObserver {
    private static final System.Logger LOG = System.getLogger("dev.weft.diag");
    private static final Set<WaitQueue.Waiter> HANDLED = Collections.newSetFromMap(new WeakHashMap<>());

    /** For {@link java.util.ServiceLoader}. */
    public WaitForGraph() {
    }

    @Override
    public void waitStarting(WaitQueue.Waiter waiter) {
        if (!Tracked.ENABLED) {
            return;
        }
        if (waiter.task() == null) {
            Watchdog.ensureRunning();
        }
        Thread[] wakers = CycleSearch.wakersOf(waiter);
        if (wakers.length == 0) {
            return;
        }
        for (Thread t : wakers) {
            if (t != waiter.thread() && obviouslyFree(t)) {
                return;
            }
        }
        check(waiter, waiter);
    }

    @Override
    public void wakersChanged(WaitQueue.Waiter waiter) {
        if (Tracked.ENABLED) {
            check(waiter, null);
        }
    }

    @Override
    public void allAsleep(EventLoop loop, List<WaitQueue.Waiter> sleepers) {
        GlobalDeadlock.check(loop, sleepers);
    }

    /**
     * Runs the search from {@code waiter} (which need not be the caller's) and acts on a cycle;
     * {@code closer} is the wait that has just begun and may have closed it, or null.
     */
    static void check(WaitQueue.Waiter waiter, WaitQueue.Waiter closer) {
        List<CycleSearch.Node> cycle = CycleSearch.cycleThrough(waiter);
        if (cycle != null) {
            deadlocked(cycle, closer);
        }
    }

    /** True if {@code t} is surely able to act: not in an untimed Weft wait, not blocked in a JVM lock. */
    static boolean obviouslyFree(Thread t) {
        WaitQueue.Waiter w = WaitQueue.currentWait(t);
        if (w != null) {
            return !w.isWaiting() || w.isTimed();
        }
        if (t.isVirtual()) {
            return true;
        }
        Thread.State s = t.getState();
        return s != Thread.State.BLOCKED && s != Thread.State.WAITING;
    }

    private static void deadlocked(List<CycleSearch.Node> cycle, WaitQueue.Waiter closer) {
        List<WaitQueue.Waiter> waits = new ArrayList<>();
        for (CycleSearch.Node n : cycle) {
            if (n.wait != null) {
                waits.add(n.wait);
            }
        }
        synchronized (HANDLED) {
            for (WaitQueue.Waiter w : waits) {
                if (HANDLED.contains(w)) {
                    return;
                }
            }
            HANDLED.addAll(waits);
        }
        EventLoop loop = waits.isEmpty() ? null : waits.getFirst().loop();
        CycleSearch.Node victim = victim(cycle, loop, closer);
        if (victim != null && victim.wait.loop() != null) {
            loop = victim.wait.loop();
        }
        DeadlockPolicy policy = loop != null ? loop.options().deadlockPolicy() : threadPolicy();
        DeadlockReport report = Reports.ofCycle(cycle);
        if (victim != null && policy != DeadlockPolicy.REPORT) {
            report = report.withVictim(Reports.party(victim) + " (" + victimRule(loop) + ")");
        }
        act(report, victim == null ? null : victim.wait, policy, loop);
    }

    /** Raises in {@code victim} and/or reports, as {@code policy} says. */
    static void act(DeadlockReport report, WaitQueue.Waiter victim, DeadlockPolicy policy, EventLoop loop) {
        DeadlockException e = new DeadlockException(report);
        boolean raised = false;
        if (victim != null && policy != DeadlockPolicy.REPORT) {
            raised = victim.refuse(e);
            if (!raised) {
                return;   // the victim was woken meanwhile: the cycle did not hold after all
            }
        }
        if (policy != DeadlockPolicy.RAISE || !raised) {
            DeadlockException evidence = raised ? new DeadlockException(report) : e;
            if (loop != null) {
                loop.report("deadlock: " + String.join(", ", report.parties()), evidence);
            } else {
                LOG.log(System.Logger.Level.ERROR, "deadlock: " + String.join(", ", report.parties()), evidence);
            }
        }
    }

    /**
     * The party to raise in: among those whose wait can be refused, as the loop's options choose.
     * The last to wait is the closer when the cycle was found as its wait began; otherwise the
     * latest start, which wait starts only know to a watchdog tick, ties going to the youngest.
     */
    private static CycleSearch.Node victim(List<CycleSearch.Node> cycle, EventLoop loop, WaitQueue.Waiter closer) {
        if (lastToWait(loop) && closer != null && closer.isCancellable()) {
            for (CycleSearch.Node n : cycle) {
                if (n.wait == closer) {
                    return n;
                }
            }
        }
        Comparator<WaitQueue.Waiter> order = victimOrder(loop);
        return cycle.stream().filter(n -> n.wait != null && n.wait.isCancellable())
                .max((a, b) -> order.compare(a.wait, b.wait)).orElse(null);
    }

    static boolean lastToWait(EventLoop loop) {
        return loop != null && loop.options().deadlockVictim() == DeadlockVictim.LAST_TO_WAIT;
    }

    /** Which of two waits the loop's options would raise in: the later by this order. */
    static Comparator<WaitQueue.Waiter> victimOrder(EventLoop loop) {
        Comparator<WaitQueue.Waiter> youngest = Comparator.comparingLong(w -> w.thread().threadId());
        return lastToWait(loop) ? Comparator.comparingLong(WaitQueue.Waiter::since).thenComparing(youngest) : youngest;
    }

    static String victimRule(EventLoop loop) {
        return lastToWait(loop) ? "the last to begin waiting" : "the youngest party";
    }

    static DeadlockPolicy threadPolicy() {
        String p = System.getProperty("weft.deadlock", "raise");
        try {
            return DeadlockPolicy.valueOf(p.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return DeadlockPolicy.RAISE;
        }
    }
}
