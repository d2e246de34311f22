package dev.weft;

import dev.weft.spi.WaitObserver;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where diagnostics learn of waits: what each plain thread waits on now (a task's wait is in its
 * {@code TaskImpl.currentWait}), and the calls into the {@link WaitObserver}. A broken observer
 * never breaks a wait: its failure is reported and the wait goes on.
 *
 * <p>Implementation notes: {@code THREAD_WAITS} is written only by each waiting thread, for its
 * own wait, and only while diagnostics are on; anyone may read it.
 */
final class WaitRegistry {
    private static final ConcurrentHashMap<Long, WaitQueue.Waiter> THREAD_WAITS = new ConcurrentHashMap<>();
    private static final System.Logger LOG = System.getLogger("dev.weft");

    private WaitRegistry() {
    }

    /** A plain thread begins {@code w}. */
    static void threadWaits(WaitQueue.Waiter w) {
        if (Observers.ENABLED) {
            THREAD_WAITS.put(w.thread.threadId(), w);
        }
    }

    /** A plain thread's {@code w} is over. */
    static void threadWaited(WaitQueue.Waiter w) {
        if (Observers.ENABLED) {
            THREAD_WAITS.remove(w.thread.threadId(), w);
        }
    }

    static WaitQueue.Waiter ofThread(long threadId) {
        return THREAD_WAITS.get(threadId);
    }

    static List<WaitQueue.Waiter> threadWaits() {
        return List.copyOf(THREAD_WAITS.values());
    }

    /** Shows an untimed wait to the wait observer, which may refuse it (a deadlock). */
    static void observe(WaitQueue.Waiter w) {
        WaitObserver observer = Observers.WAITS;
        if (observer != null) {
            try {
                observer.waitStarting(w);
            } catch (RuntimeException e) {
                failed(w, e);
            }
        }
    }

    static void wakersChanged(WaitQueue.Waiter w) {
        WaitObserver observer = Observers.WAITS;
        if (observer != null) {
            try {
                observer.wakersChanged(w);
            } catch (RuntimeException e) {
                failed(w, e);
            }
        }
    }

    private static void failed(WaitQueue.Waiter w, RuntimeException e) {
        if (w.task != null) {
            w.task.loop.unhandled("the wait observer failed on " + w, e);
        } else {
            LOG.log(System.Logger.Level.WARNING, "the wait observer failed on " + w, e);
        }
    }
}
