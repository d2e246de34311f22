package dev.weft.sync;

import dev.weft.WaitQueue;

import java.time.Duration;

/**
 * A flag that tasks and threads can wait to see set, like {@code asyncio.Event}.
 * {@link #set()} wakes every waiter; while set, {@link #await()} returns at once;
 * {@link #clear()} lowers it again.
 *
 * <p>Implementation notes: {@code set} and the queue are guarded by this object's monitor.
 */
public final class Event {
    private final String name;
    private final WaitQueue waiters = new WaitQueue(this, this);
    private volatile boolean set;

    /** An unset event with a made-up name. */
    public Event() {
        this(null);
    }

    /** An unset event named {@code name} in reports. */
    public Event(String name) {
        this.name = Names.orDefault(name, "Event");
    }

    /** Sets the flag and wakes every waiter. Never waits. */
    public void set() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            set = true;
            waiters.wakeAll(null);
        }
    }

    /** Lowers the flag; later waiters wait again. */
    public void clear() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            set = false;
        }
    }

    public boolean isSet() {
        WaitQueue.switchPoint(this);
        return set;
    }

    /**
     * Waits until the flag is set.
     *
     * <p><b>Cancellation.</b> A waiting point; a cancelled waiter simply leaves.
     */
    public void await() {
        await(-1);
    }

    /** Waits at most {@code timeout} for the flag; true if it was set. */
    public boolean await(Duration timeout) {
        return await(Names.nanos(timeout));
    }

    private boolean await(long timeoutNanos) {
        WaitQueue.checkCancelled(this);
        WaitQueue.Waiter w;
        synchronized (this) {
            if (set) {
                return true;
            }
            if (timeoutNanos == 0) {
                return false;
            }
            w = waiters.enqueue(null);
        }
        return waiters.await(w, timeoutNanos, true) != WaitQueue.TIMED_OUT;
    }

    public String name() {
        return name;
    }

    /** The wait counters. */
    public synchronized WaitQueue.Statistics statistics() {
        return waiters.statistics();
    }

    @Override
    public String toString() {
        return name;
    }
}
