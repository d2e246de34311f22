package dev.weft;

/**
 * Who could end a wait: the edges of the wait-for graph. A primitive that builds its
 * {@link WaitQueue} with one tells diagnostics whom its waiters wait for — a lock's holder, a
 * semaphore's permit holders, a queue's producers, a joined task, a pool worker running a job —
 * so that a cycle of waits is found the moment it closes.
 *
 * <p>Any one of the parties is assumed to be able to end the wait (a task group waiting for its
 * children counts each child: any child still free could fail and so cancel the rest). An
 * empty answer means "anyone could": an event, a promise or a condition can be set by whoever
 * holds a reference, so such a wait never counts as part of a cycle (a loop where every task
 * sleeps on one is still found, as a global deadlock).
 *
 * <p>{@link #parties()} is called by diagnostics on the waiting thread or on a watchdog, without
 * the primitive's monitor; it may take that monitor briefly, and its answer may be a moment
 * stale.
 */
@FunctionalInterface
public interface Wakers {
    /** No one in particular: anyone could end the wait. */
    Thread[] ANYONE = new Thread[0];

    /**
     * The threads (a task's virtual thread for a task) whose action could end the wait right now;
     * {@link #ANYONE} (or any empty array) when that is not known. Never null.
     */
    Thread[] parties();
}
