package dev.weft.spi;

import dev.weft.EventLoop;
import dev.weft.WaitQueue;

import java.util.List;

/**
 * Watches the waits of tasks and threads: the hook the wait-for graph hangs on. Found with
 * {@link java.util.ServiceLoader} when Weft first waits; {@code dev.weft.diag} provides one.
 * The system property {@code weft.diagnostics=off} leaves every observer out.
 *
 * <p>Hooks run synchronously on the thread named for each, with no Weft monitor held. They must
 * not wait; a hook that throws is treated as if it had returned.
 */
public interface WaitObserver {

    /**
     * {@code waiter} is queued, has no time limit, and is about to park; called on the waiting
     * thread. To end a wait that can never end, call {@link WaitQueue.Waiter#refuse} on it (or on
     * another waiter of the same deadlock).
     */
    void waitStarting(WaitQueue.Waiter waiter);

    /**
     * The parties that could end {@code waiter}'s wait changed without it waiting anew (a child
     * of the group it waits for ended, a producer of the queue it takes from let go). Called on
     * the thread that made the change.
     */
    default void wakersChanged(WaitQueue.Waiter waiter) {
    }

    /**
     * Every task of {@code loop} waits without a time limit, and nothing the loop knows of could
     * wake one: no task is ready, no timer is set, no I/O is registered, no outside work or JDK
     * call is pending, and no other loop is running. Called on the loop's thread with each
     * task's wait, oldest task first. To end the deadlock, {@link WaitQueue.Waiter#refuse refuse}
     * one of the waits; the loop does not call again until some task has run.
     */
    default void allAsleep(EventLoop loop, List<WaitQueue.Waiter> sleepers) {
    }
}
