package dev.weft.diag;

import dev.weft.EventLoop;
import dev.weft.EventLoop.DeadlockPolicy;
import dev.weft.WaitQueue;

import java.util.List;

/**
 * A loop on a virtual clock where every task sleeps, with nothing pending that could wake one
 * (the kernel has checked: no timer, I/O, outside work, task in a JDK call or other loop
 * running): unless a party outside the loop that one of the waits names — a plain thread holding
 * a lock, a producer on another thread — is free to act, that is a global deadlock, Go's "all
 * goroutines are asleep". The youngest sleeper whose wait can be refused gets
 * {@link DeadlockException} (as the loop's options choose), or it is only reported.
 */
final class GlobalDeadlock {
    private GlobalDeadlock() {
    }

    static void check(EventLoop loop, List<WaitQueue.Waiter> sleepers) {
        if (!Tracked.ENABLED) {
            return;
        }
        for (WaitQueue.Waiter w : sleepers) {
            for (Thread t : CycleSearch.wakersOf(w)) {
                if (EventLoop.of(t) != loop && mayAct(t, loop)) {
                    return;
                }
            }
        }
        WaitQueue.Waiter victim = sleepers.stream().filter(WaitQueue.Waiter::isCancellable)
                .max(WaitForGraph.victimOrder(loop)).orElse(null);
        DeadlockPolicy policy = loop.options().deadlockPolicy();
        DeadlockReport report = Reports.global(sleepers);
        if (victim != null && policy != DeadlockPolicy.REPORT) {
            report = report.withVictim(Resources.party(victim) + " (" + WaitForGraph.victimRule(loop) + ")");
        }
        WaitForGraph.act(report, victim, policy, loop);
    }

    /**
     * True if {@code t}, outside the loop, may still act: it is alive and neither in an untimed
     * Weft wait that only this loop's (sleeping) tasks could end, nor, being a task, on a loop
     * that sleeps too.
     */
    private static boolean mayAct(Thread t, EventLoop loop) {
        if (!t.isAlive()) {
            return false;
        }
        WaitQueue.Waiter w = WaitQueue.currentWait(t);
        if (w == null) {
            return EventLoop.of(t) == null;
        }
        if (!w.isWaiting() || w.isTimed()) {
            return true;
        }
        Thread[] theirs = CycleSearch.wakersOf(w);
        if (theirs.length == 0) {
            return true;
        }
        for (Thread other : theirs) {
            if (EventLoop.of(other) != loop) {
                return true;
            }
        }
        return false;
    }
}
