package dev.weft;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The settle-once outcome shared by {@link Task} and {@link Promise}: a value, a failure or a
 * cancellation, and the waiters that want it.
 *
 * <p>Implementation notes: {@code state} is written once, under this object's monitor, which
 * also guards {@code joiners} (created on the first wait, so a task nobody waits for carries
 * no queue). {@code value} and {@code error} are published by the volatile write of
 * {@code state}. A failure is <em>observed</em> once someone was handed it; failures never
 * observed are reported when their loop closes.
 */
abstract class Completion<T> implements Future<T> {
    static final int PENDING = 0;
    static final int SUCCESS = 1;
    static final int FAILED = 2;
    static final int CANCELLED = 3;

    private volatile int state;
    private T value;
    private Throwable error;
    private WaitQueue joiners;
    volatile boolean observed;

    /** Settles this once; later calls do nothing and answer false. */
    final boolean settle(int newState, T newValue, Throwable newError) {
        synchronized (this) {
            if (state != PENDING) {
                return false;
            }
            value = newValue;
            error = newError;
            state = newState;
            if (joiners != null) {
                joiners.wakeAll(null);
            }
        }
        afterSettle();
        return true;
    }

    /** Runs once, just after this settled, on the settling thread. */
    void afterSettle() {
    }

    /** What waiters wait on, for diagnostics. */
    abstract String describe();

    /** Who could settle this now, for the wait-for graph; {@link Wakers#ANYONE} if anyone could. */
    Thread[] settlers() {
        return Wakers.ANYONE;
    }

    /**
     * Waits until settled or until {@code timeoutNanos} (negative: forever) passes.
     *
     * @return false if the time ran out first
     */
    final boolean awaitDone(long timeoutNanos, boolean cancellable) {
        if (state != PENDING) {
            return true;
        }
        WaitQueue queue;
        WaitQueue.Waiter waiter;
        synchronized (this) {
            if (state != PENDING) {
                return true;
            }
            if (joiners == null) {
                joiners = new WaitQueue(this, this, this::settlers);
            }
            queue = joiners;
            waiter = queue.enqueue(null);
        }
        return queue.await(waiter, timeoutNanos, cancellable) != WaitQueue.TIMED_OUT;
    }

    /** Waits uninterruptibly: for structured waits that must not end early. */
    final void awaitDoneUninterruptibly() {
        awaitDone(-1, false);
    }

    /** See {@link Task#join()}. */
    public T join() {
        awaitDone(-1, true);
        return report();
    }

    /** The outcome as {@code join} delivers it; must be settled. */
    final T report() {
        observed = true;
        return switch (state) {
            case SUCCESS -> value;
            case FAILED -> throw TaskFailedException.unchecked(describe(), error);
            default -> throw cancellation();
        };
    }

    final CancellationException cancellation() {
        CancellationException e = new CancellationException(describe() + " was cancelled");
        if (error != null) {
            e.initCause(error);
        }
        return e;
    }

    /** The failure without marking it observed; null unless FAILED. */
    final Throwable failure() {
        return state == FAILED ? error : null;
    }

    final int rawState() {
        return state;
    }

    @Override
    public final boolean isDone() {
        return state != PENDING;
    }

    @Override
    public final boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public State state() {
        return switch (state) {
            case PENDING -> State.RUNNING;
            case SUCCESS -> State.SUCCESS;
            case FAILED -> State.FAILED;
            default -> State.CANCELLED;
        };
    }

    @Override
    public final T get() throws ExecutionException {
        awaitDone(-1, true);
        return getReport();
    }

    @Override
    public final T get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
        if (!awaitDone(Math.max(0, unit.toNanos(timeout)), true)) {
            throw new TimeoutException(describe() + " not done after " + timeout + " " + unit);
        }
        return getReport();
    }

    private T getReport() throws ExecutionException {
        observed = true;
        return switch (state) {
            case SUCCESS -> value;
            case FAILED -> throw new ExecutionException(error);
            default -> throw cancellation();
        };
    }

    @Override
    public final T resultNow() {
        if (state != SUCCESS) {
            throw new IllegalStateException(describe() + " has no result: " + state());
        }
        return value;
    }

    @Override
    public final Throwable exceptionNow() {
        if (state != FAILED) {
            throw new IllegalStateException(describe() + " did not fail: " + state());
        }
        observed = true;
        return error;
    }
}
