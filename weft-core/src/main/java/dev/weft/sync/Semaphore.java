package dev.weft.sync;

import dev.weft.WaitQueue;
import dev.weft.Wakers;
import dev.weft.diag.Tracked;

import java.time.Duration;

/**
 * A counter of permits, like {@code asyncio.Semaphore}: {@link #acquire()} takes one, waiting
 * while none is left; {@link #release()} gives one back. Waiters are served first come, first
 * served: a released permit goes straight to the oldest waiter. Works from tasks (which
 * suspend) and threads (which block).
 *
 * <pre>{@code
 * Semaphore inFlight = new Semaphore("fetches", 10);
 * try (Semaphore.Held permit = inFlight.hold()) {
 *     fetch(url);
 * }
 * }</pre>
 *
 * <p>For the wait-for graph, a permit taken with {@link #hold()} belongs to its taker until the
 * {@link Held} is closed, and while every permit out is held that way, a waiter waits for the
 * holders: two semaphores of one permit held in opposite orders are found deadlocked like two
 * locks. A permit taken with {@link #acquire()} may be given back by anyone (a semaphore is
 * often a signal), so while any such permit is out — or once a permit was released by someone
 * other than its holder — waiters wait for anyone and never count as part of a cycle.
 *
 * <p>Implementation notes: {@code permits}, {@code holders} (the takers of held permits),
 * {@code loose} (permits out by {@code acquire}), {@code signal} and the queue are guarded by this
 * object's monitor; while anyone waits, {@code permits} is 0. A waiter's payload says how it
 * asked, so a permit handed to it on release is counted the right way.
 */
public final class Semaphore {
    private static final Object HELD = new Object();

    private final String name;
    private final WaitQueue waiters = new WaitQueue(this, this, this::holdersNow);
    private final Parties holders = new Parties();
    private long loose;
    private boolean signal;
    private int permits;

    /** A semaphore with {@code permits} permits and a made-up name. */
    public Semaphore(int permits) {
        this(null, permits);
    }

    /**
     * A semaphore named {@code name} with {@code permits} permits.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(String name, int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + permits);
        }
        this.name = Names.orDefault(name, "Semaphore");
        this.permits = permits;
    }

    /**
     * Takes a permit, waiting as long as it takes.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller leaves the queue without a
     * permit. If a permit was handed to it at the same moment, it keeps it (and must release
     * it) and the cancellation surfaces at its next waiting point.
     */
    public void acquire() {
        acquire(-1, false);
    }

    /** Takes a permit if one is free and nobody waits; never waits. */
    public boolean tryAcquire() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            if (permits > 0) {
                permits--;
                taken(Thread.currentThread(), false);
                return true;
            }
            return false;
        }
    }

    /** Takes a permit, waiting at most {@code timeout}; false if the time ran out. */
    public boolean tryAcquire(Duration timeout) {
        return acquire(Names.nanos(timeout), false);
    }

    /**
     * {@link #acquire()}, returning a handle whose {@code close()} releases the permit. The permit
     * belongs to the caller until then, which lets the wait-for graph follow waits to it.
     */
    public Held hold() {
        acquire(-1, true);
        return new Held(Thread.currentThread());
    }

    /** Gives a permit back, to the oldest waiter if any. Never waits. */
    public void release() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            if (loose > 0) {
                loose--;
            } else {
                signal = true;
                holders.clear();
            }
            handOver();
        }
    }

    private synchronized void releaseHeld(Thread holder) {
        holders.remove(holder);
        handOver();
    }

    /** The permit goes to the oldest waiter, or back to the count. Monitor held. */
    private void handOver() {
        WaitQueue.Waiter next = waiters.wakeFirst(null);
        if (next != null) {
            taken(next.thread(), next.payload() == HELD);
        } else {
            if (permits == Integer.MAX_VALUE) {
                throw new IllegalStateException(name + " released past Integer.MAX_VALUE permits");
            }
            permits++;
        }
    }

    /** Permits free right now. */
    public int available() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            return permits;
        }
    }

    public String name() {
        return name;
    }

    /** A snapshot: free permits and the wait counters. */
    public synchronized Statistics statistics() {
        return new Statistics(permits, waiters.statistics());
    }

    /** A semaphore's free permits and wait counters. */
    public record Statistics(int available, WaitQueue.Statistics waits) {
    }

    private boolean acquire(long timeoutNanos, boolean held) {
        WaitQueue.checkCancelled(this);
        WaitQueue.Waiter w;
        synchronized (this) {
            if (permits > 0) {
                permits--;
                taken(Thread.currentThread(), held);
                return true;
            }
            if (timeoutNanos == 0) {
                return false;
            }
            w = waiters.enqueue(held ? HELD : null);
        }
        return waiters.await(w, timeoutNanos, true) != WaitQueue.TIMED_OUT;
    }

    /** Counts a permit taken by {@code t}, held or loose. Monitor held. */
    private void taken(Thread t, boolean held) {
        if (held && Tracked.ENABLED && !signal) {
            holders.add(t);
        } else if (!held) {
            loose++;
        }
    }

    /** Who its waiters wait for: the holders, while every permit out is held. */
    private synchronized Thread[] holdersNow() {
        return signal || loose > 0 ? Wakers.ANYONE : holders.snapshot();
    }

    /** A held permit; closing it releases the permit, once. */
    public final class Held implements AutoCloseable {
        private final Thread holder;
        private boolean released;

        private Held(Thread holder) {
            this.holder = holder;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                releaseHeld(holder);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
