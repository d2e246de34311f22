package dev.weft.sync;

import dev.weft.WaitQueue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A place to wait for a state change guarded by a {@link Lock}, like {@code asyncio.Condition}.
 * The waiter holds the lock, {@link #await()} releases it while waiting and takes it back
 * before returning; whoever changes the state calls {@link #signal()} or {@link #signalAll()}
 * while holding the lock.
 *
 * <pre>{@code
 * try (Lock.Held h = lock.hold()) {
 *     cond.awaitUntil(() -> !items.isEmpty());
 *     return items.removeFirst();
 * }
 * }</pre>
 *
 * <p>Implementation notes: the wait queue is guarded by this object's monitor; a waiter is
 * enqueued before the lock is released, so a signal sent by the next holder cannot be missed.
 */
public final class Condition {
    private final String name;
    private final Lock lock;
    private final WaitQueue waiters = new WaitQueue(this, this);

    /** A condition on {@code lock}. */
    public Condition(Lock lock) {
        this(null, lock);
    }

    /** A condition named {@code name} in reports, on {@code lock}. */
    public Condition(String name, Lock lock) {
        this.name = Names.orDefault(name, "Condition");
        this.lock = java.util.Objects.requireNonNull(lock, "lock");
    }

    /** A condition with a fresh lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** The lock this condition releases while waiting. */
    public Lock lock() {
        return lock;
    }

    /**
     * Releases the lock, waits for a signal, and takes the lock back.
     *
     * <p><b>Cancellation.</b> A waiting point. A cancelled waiter still takes the lock back
     * before {@link java.util.concurrent.CancellationException} leaves this method, so a
     * {@code finally} that releases it stays correct. A signal that reached it first is not
     * lost: it returns normally and sees the cancellation at its next waiting point.
     *
     * @throws IllegalStateException if the caller does not hold the lock
     */
    public void await() {
        await(-1);
    }

    /** Like {@link #await()} but waits at most {@code timeout}; false if the time ran out. */
    public boolean await(Duration timeout) {
        return await(Names.nanos(timeout));
    }

    /** Waits, re-checking after each signal, until {@code predicate} holds. Lock held throughout checks. */
    public void awaitUntil(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /** Wakes the oldest waiter, if any. @throws IllegalStateException without the lock */
    public void signal() {
        WaitQueue.switchPoint(this);
        requireLock("signal");
        synchronized (this) {
            waiters.wakeFirst(null);
        }
    }

    /** Wakes every waiter. @throws IllegalStateException without the lock */
    public void signalAll() {
        WaitQueue.switchPoint(this);
        requireLock("signalAll");
        synchronized (this) {
            waiters.wakeAll(null);
        }
    }

    private boolean await(long timeoutNanos) {
        requireLock("await");
        WaitQueue.checkCancelled(this);
        WaitQueue.Waiter w;
        synchronized (this) {
            w = waiters.enqueue(null);
        }
        lock.releaseNow();
        try {
            return waiters.await(w, timeoutNanos, true) != WaitQueue.TIMED_OUT;
        } finally {
            lock.acquireUninterruptibly();
        }
    }

    private void requireLock(String what) {
        if (!lock.heldByCurrent()) {
            throw new IllegalStateException(what + " on a condition needs its lock " + lock + " held");
        }
    }

    /** The wait counters. */
    public synchronized WaitQueue.Statistics statistics() {
        return waiters.statistics();
    }

    @Override
    public String toString() {
        return name + "[" + lock + "]";
    }
}
