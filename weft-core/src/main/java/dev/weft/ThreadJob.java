package dev.weft;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * One {@link Weft#toThread} body on its way through the loop's thread pool: it runs at most
 * once, can be called off before it starts, and is interrupted if called off while running.
 *
 * <p>Implementation notes: {@code started}, {@code cancelled} and {@code runner} are guarded by
 * this object's monitor ({@code runner} is also volatile, for the wait-for graph's reads), so that "called off before it started" (the body will never run and
 * never report) and "called off while running" (it will report) can be told apart exactly.
 */
final class ThreadJob<T> implements Runnable {
    private final Callable<T> body;
    private final BiConsumer<T, Throwable> onDone;
    private boolean started;
    private boolean cancelled;
    private volatile Thread runner;

    /** {@code onDone} gets the result or the failure, on the pool thread. */
    ThreadJob(Callable<T> body, BiConsumer<T, Throwable> onDone) {
        this.body = body;
        this.onDone = onDone;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            started = true;
            runner = Thread.currentThread();
        }
        T value = null;
        Throwable error = null;
        try {
            value = body.call();
        } catch (Throwable e) {
            error = e;
        } finally {
            synchronized (this) {
                runner = null;
                // A cancel that came as the body ended must not leak into the pool's next job.
                Thread.interrupted();
            }
        }
        onDone.accept(value, error);
    }

    /** Who could finish the job now, for the wait-for graph: its pool thread once it runs. */
    Thread[] settlers() {
        Thread r = runner;
        return r == null ? Wakers.ANYONE : new Thread[] {r};
    }

    /**
     * Calls the job off.
     *
     * @return true if it had not started and now never will (so it will never report)
     */
    synchronized boolean cancel() {
        cancelled = true;
        if (!started) {
            return true;
        }
        if (runner != null) {
            runner.interrupt();
        }
        return false;
    }
}
