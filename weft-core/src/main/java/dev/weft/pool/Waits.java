package dev.weft.pool;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Weft;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the pools wait: a task that waits on a pool tells its loop that work outside it is under
 * way ({@link EventLoop#beginExternalWork()}), so that a virtual clock does not jump while a
 * job runs; and the one timer thread that enforces job and start-up timeouts, on the real clock
 * (a job's time is real time, whatever the loop's clock says).
 *
 * <p>Implementation notes: a task is told apart by its thread being virtual and its loop
 * answering {@link Weft#loop()}; a plain virtual thread gets the no-op. The timer is one daemon
 * thread shared by every pool of the JVM, created on first use.
 */
final class Waits {
    private static final EventLoop.ExternalWork NOTHING = () -> {
    };
    private static volatile ScheduledThreadPoolExecutor timer;

    private Waits() {
    }

    /** A wait that may throw {@code E}. */
    @FunctionalInterface
    interface Wait<T, E extends Exception> {
        T get() throws E;
    }

    /** Runs {@code wait}, holding the calling task's loop's virtual clock still while it waits. */
    static <T, E extends Exception> T outside(Wait<T, E> wait) throws E {
        EventLoop.ExternalWork work = begin();
        try {
            return wait.get();
        } finally {
            work.close();
        }
    }

    /**
     * Waits at most {@code timeout} for {@code promise} to settle, holding a task's virtual clock
     * still meanwhile; true if it did.
     *
     * @throws RuntimeException the promise's failure, as thrown, if it failed
     */
    static boolean settledWithin(Promise<?> promise, Duration timeout) {
        return outside(() -> {
            try {
                promise.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        });
    }

    /** Marks the calling task's loop as waiting on outside work; close it when the wait ends. */
    static EventLoop.ExternalWork begin() {
        if (!Thread.currentThread().isVirtual()) {
            return NOTHING;
        }
        try {
            return Weft.loop().beginExternalWork();
        } catch (IllegalStateException notATask) {
            return NOTHING;
        }
    }

    /** Runs {@code action} after {@code nanos} of real time on the shared timer thread. */
    static ScheduledFuture<?> schedule(long nanos, Runnable action) {
        ScheduledThreadPoolExecutor t = timer;
        if (t == null) {
            synchronized (Waits.class) {
                t = timer;
                if (t == null) {
                    t = new ScheduledThreadPoolExecutor(1,
                            r -> Thread.ofPlatform().daemon().name("weft-pool-timer").unstarted(r));
                    t.setRemoveOnCancelPolicy(true);
                    timer = t;
                }
            }
        }
        return t.schedule(action, nanos, TimeUnit.NANOSECONDS);
    }
}
