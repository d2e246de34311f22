package dev.weft.sync;

import dev.weft.WaitQueue;

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
 * <p>Implementation notes: {@code permits} and the queue are guarded by this object's monitor;
 * while anyone waits, {@code permits} is 0.
 */
public final class Semaphore {
    private final String name;
    private final WaitQueue waiters = new WaitQueue(this, this);
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
        acquire(-1);
    }

    /** Takes a permit if one is free and nobody waits; never waits. */
    public synchronized boolean tryAcquire() {
        if (permits > 0) {
            permits--;
            return true;
        }
        return false;
    }

    /** Takes a permit, waiting at most {@code timeout}; false if the time ran out. */
    public boolean tryAcquire(Duration timeout) {
        return acquire(Names.nanos(timeout));
    }

    /** {@link #acquire()}, returning a handle whose {@code close()} releases the permit. */
    public Held hold() {
        acquire();
        return new Held();
    }

    /** Gives a permit back, to the oldest waiter if any. Never waits. */
    public synchronized void release() {
        if (waiters.wakeFirst(null) == null) {
            if (permits == Integer.MAX_VALUE) {
                throw new IllegalStateException(name + " released past Integer.MAX_VALUE permits");
            }
            permits++;
        }
    }

    /** Permits free right now. */
    public synchronized int available() {
        return permits;
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

    private boolean acquire(long timeoutNanos) {
        WaitQueue.checkCancelled(this);
        WaitQueue.Waiter w;
        synchronized (this) {
            if (permits > 0) {
                permits--;
                return true;
            }
            if (timeoutNanos == 0) {
                return false;
            }
            w = waiters.enqueue(null);
        }
        return waiters.await(w, timeoutNanos, true) != WaitQueue.TIMED_OUT;
    }

    /** A held permit; closing it releases the permit, once. */
    public final class Held implements AutoCloseable {
        private boolean released;

        private Held() {
        }

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
