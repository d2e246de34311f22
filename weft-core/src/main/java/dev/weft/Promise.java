package dev.weft;

import java.util.concurrent.CancellationException;

/**
 * A value that someone will provide later: asyncio's {@code Future}. Settled once — by
 * {@link #complete}, {@link #fail} or {@link #cancel} — from any task or thread; every waiter
 * then sees the same outcome.
 *
 * <pre>{@code
 * Promise<String> reply = new Promise<>();
 * Weft.spawn(() -> reply.complete(fetch()));
 * String s = reply.join();
 * }</pre>
 */
public final class Promise<T> extends Completion<T> {
    private final String name;
    private volatile Wakers settledBy;

    /** An unsettled promise. */
    public Promise() {
        this("Promise");
    }

    /** An unsettled promise with a name for reports. */
    public Promise(String name) {
        this.name = name;
    }

    /** Settles with {@code value}; false if already settled. Never blocks. */
    public boolean complete(T value) {
        WaitQueue.switchPoint(this);
        return settle(SUCCESS, value, null);
    }

    /** Settles with {@code error}; false if already settled. Never blocks. */
    public boolean fail(Throwable error) {
        WaitQueue.switchPoint(this);
        if (error == null) {
            throw new NullPointerException("error");
        }
        return settle(FAILED, null, error);
    }

    /** Settles as cancelled; waiters see {@link CancellationException}. False if already settled. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return settle(CANCELLED, null, null);
    }

    /** Same as {@code cancel(false)}. */
    public boolean cancel() {
        return cancel(false);
    }

    /**
     * Waits until settled and returns the value, like {@link Task#join()}: a task suspends, a
     * thread blocks; a failure is rethrown as it was given (checked ones wrapped in
     * {@link TaskFailedException}); a cancelled promise throws {@link CancellationException}.
     *
     * <p><b>Cancellation.</b> A waiting point; a cancelled waiter leaves without settling the
     * promise.
     */
    @Override
    public T join() {
        return super.join();
    }

    /**
     * Tells the wait-for graph who will settle this promise — a pool's worker running the job
     * whose result it is, say — so that a waiter that the settler itself waits for is found
     * deadlocked. Without it, anyone might settle a promise and its waits never form a cycle.
     *
     * @return this promise
     */
    public Promise<T> settledBy(Wakers wakers) {
        this.settledBy = wakers;
        return this;
    }

    @Override
    Thread[] settlers() {
        Wakers w = settledBy;
        return w == null || isDone() ? Wakers.ANYONE : w.parties();
    }

    /** The name given for reports. */
    public String name() {
        return name;
    }

    @Override
    String describe() {
        return name;
    }

    @Override
    public String toString() {
        return name + "[" + state() + "]";
    }
}
