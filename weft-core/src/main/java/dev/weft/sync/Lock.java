package dev.weft.sync;

import dev.weft.WaitQueue;
import dev.weft.Wakers;
import dev.weft.diag.DeadlockException;
import dev.weft.diag.DeadlockReport;
import dev.weft.diag.Tracked;

import java.time.Duration;

/**
 * A mutual-exclusion lock for tasks and threads alike, like {@code asyncio.Lock}: a task that
 * waits for it suspends and its loop runs on; a thread blocks. Waiters get the lock in the
 * order they asked (ownership is handed straight to the oldest waiter on release, so nobody
 * barges in). Not reentrant: the holder asking again would wait forever, so it gets a
 * {@link DeadlockException} at once.
 *
 * <pre>{@code
 * try (Lock.Held held = accounts.hold()) {
 *     balance -= amount;
 * }
 * }</pre>
 *
 * <p>For diagnostics, a waiter waits for the holder (the wait-for graph finds a cycle of such
 * waits the moment it closes), and every untimed acquire while other locks are held is checked
 * against the order those locks were taken in before (lockdep: an inversion is logged, not
 * thrown). See {@code dev.weft.diag}.
 *
 * <p>Implementation notes: {@code owner} is the holding thread (a task's virtual thread for a
 * task) and is guarded, with the wait queue, by this object's monitor; the wait-for graph reads
 * it under the monitor too. What the holder holds is tracked by {@link Tracked}, on the
 * holder's own thread.
 */
public final class Lock {
    private final String name;
    private final Tracked tracked;
    private final WaitQueue waiters = new WaitQueue(this, this, this::holderNow);
    private Thread owner;
    private long acquisitions;

    /** An unlocked lock with a made-up name. */
    public Lock() {
        this(null);
    }

    /** An unlocked lock named {@code name} in reports. */
    public Lock(String name) {
        this.name = Names.orDefault(name, "Lock");
        this.tracked = Tracked.lock(this.name);
    }

    /**
     * Takes the lock, waiting as long as it takes.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller leaves the queue, does not get
     * the lock, and sees {@link java.util.concurrent.CancellationException}. If the lock was
     * handed to it at the same moment, it keeps the lock and the cancellation surfaces at its
     * next waiting point.
     *
     * @throws DeadlockException if the caller already holds this lock
     */
    public void acquire() {
        acquire(-1, true);
    }

    /** Takes the lock if it is free right now; never waits and is not a cancellation point. */
    public boolean tryAcquire() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            if (owner != null) {
                return false;
            }
            take(Thread.currentThread());
        }
        tracked.acquired();
        return true;
    }

    /**
     * Takes the lock, waiting at most {@code timeout}; false if the time ran out. A timed wait
     * never deadlocks: it ends — and if the caller already holds the lock, it ends at once with
     * false, since waiting could never succeed. Cancellation as for {@link #acquire()}.
     */
    public boolean tryAcquire(Duration timeout) {
        return acquire(Names.nanos(timeout), true);
    }

    /** {@link #acquire()}, returning a handle whose {@code close()} releases the lock. */
    public Held hold() {
        acquire();
        return new Held();
    }

    /**
     * Releases the lock, handing it to the oldest waiter if there is one.
     *
     * @throws IllegalStateException if the caller does not hold it
     */
    public void release() {
        WaitQueue.switchPoint(this);
        releaseNow();
    }

    /** {@link #release()} without the switch point: for {@link Condition#await()}, whose release and wait are one step. */
    void releaseNow() {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (owner != me) {
                throw new IllegalStateException(WaitQueue.describe(me) + " released " + name + " but "
                        + (owner == null ? "nobody" : WaitQueue.describe(owner)) + " holds it");
            }
            tracked.released();
            WaitQueue.Waiter next = waiters.first();
            if (next == null) {
                owner = null;
            } else {
                take(next.thread());
                waiters.wake(next, null);
            }
        }
    }

    /** Takes the lock ignoring cancellation (a condition's waiter must get it back). */
    void acquireUninterruptibly() {
        acquire(-1, false);
    }

    private boolean acquire(long timeoutNanos, boolean cancellable) {
        if (cancellable) {
            WaitQueue.checkCancelled(this);
        }
        Thread me = Thread.currentThread();
        WaitQueue.Waiter w;
        synchronized (this) {
            if (owner == null) {
                take(me);
                w = null;
            } else if (owner == me) {
                if (timeoutNanos >= 0) {
                    return false;
                }
                throw new DeadlockException(DeadlockReport.selfDeadlock(WaitQueue.describe(me), name));
            } else if (timeoutNanos == 0) {
                return false;
            } else {
                w = waiters.enqueue(null);
            }
        }
        if (w == null) {
            tracked.taken(timeoutNanos < 0);
            return true;
        }
        if (timeoutNanos < 0) {
            tracked.acquiring();
        }
        if (waiters.await(w, timeoutNanos, cancellable) == WaitQueue.TIMED_OUT) {
            return false;
        }
        tracked.acquired();
        return true;
    }

    /** Who its waiters wait for, for the wait-for graph: the holder. */
    private synchronized Thread[] holderNow() {
        return owner == null ? Wakers.ANYONE : new Thread[] {owner};
    }

    private void take(Thread newOwner) {
        owner = newOwner;
        acquisitions++;
    }

    /** True if someone holds the lock. */
    public boolean isLocked() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            return owner != null;
        }
    }

    /** True if the calling task or thread holds the lock. */
    public boolean isHeldByCurrent() {
        WaitQueue.switchPoint(this);
        return heldByCurrent();
    }

    synchronized boolean heldByCurrent() {
        return owner == Thread.currentThread();
    }

    /** The holder's description ({@code task 'x'} or {@code thread 'y'}), or null. */
    public synchronized String holder() {
        return owner == null ? null : WaitQueue.describe(owner);
    }

    public String name() {
        return name;
    }

    /** A snapshot: held or not, by whom, how many wait, counts so far. */
    public synchronized Statistics statistics() {
        return new Statistics(owner != null, owner == null ? null : WaitQueue.describe(owner), acquisitions,
                waiters.statistics());
    }

    /** A lock's state and counters. */
    public record Statistics(boolean locked, String holder, long acquisitions, WaitQueue.Statistics waits) {
    }

    /** A held lock; closing it releases the lock. */
    public final class Held implements AutoCloseable {
        private boolean released;

        private Held() {
        }

        /** Releases the lock, once. */
        @Override
        public void close() {
            if (!released) {
                released = true;
                release();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
