package dev.weft.sync;

import dev.weft.WaitQueue;

import java.time.Duration;

/**
 * A meeting point for a fixed number of parties, like {@code asyncio.Barrier}: each
 * {@link #await()} waits until {@code parties} callers have arrived, then all go on together
 * and the barrier is ready for the next round.
 *
 * <p>Implementation notes: the current round's parties are the waiters in the queue, guarded
 * by this object's monitor. The last to arrive hands each waiter its index, by queue position,
 * so a waiter that left (cancelled or timed out) has simply given its place up.
 */
public final class Barrier {
    private final String name;
    private final int parties;
    private final WaitQueue waiters = new WaitQueue(this, this);
    private long rounds;

    /** A barrier for {@code parties} parties. */
    public Barrier(int parties) {
        this(null, parties);
    }

    /**
     * A barrier named {@code name} for {@code parties} parties.
     *
     * @throws IllegalArgumentException unless {@code parties > 0}
     */
    public Barrier(String name, int parties) {
        if (parties <= 0) {
            throw new IllegalArgumentException("parties must be > 0, got " + parties);
        }
        this.name = Names.orDefault(name, "Barrier");
        this.parties = parties;
    }

    /**
     * Waits until all parties have arrived and returns this caller's arrival index in the
     * round: 0 for the first to arrive, {@code parties - 1} for the last.
     *
     * <p><b>Cancellation.</b> A waiting point; a cancelled waiter takes its arrival back, so
     * the round still needs {@code parties} callers.
     */
    public int await() {
        return await(-1);
    }

    /** Like {@link #await()} but waits at most {@code timeout}; -1 if the time ran out. */
    public int tryAwait(Duration timeout) {
        return await(Names.nanos(timeout));
    }

    private int await(long timeoutNanos) {
        WaitQueue.checkCancelled(this);
        WaitQueue.Waiter w;
        synchronized (this) {
            if (waiters.size() + 1 == parties) {
                rounds++;
                int index = 0;
                while (!waiters.isEmpty()) {
                    waiters.wakeFirst(index++);
                }
                return index;
            }
            if (timeoutNanos == 0) {
                return -1;
            }
            w = waiters.enqueue(null);
        }
        Object outcome = waiters.await(w, timeoutNanos, true);
        return outcome == WaitQueue.TIMED_OUT ? -1 : (Integer) outcome;
    }

    public int parties() {
        return parties;
    }

    /** How many wait in the current round. */
    public int waiting() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            return waiters.size();
        }
    }

    /** How many rounds have completed. */
    public synchronized long rounds() {
        return rounds;
    }

    @Override
    public String toString() {
        return name;
    }
}
