package dev.weft.spi;

/**
 * A clock that moves only when told to. An event loop that owns one advances it to its next
 * timer whenever no task can run and nothing outside the loop (a foreign thread, a
 * {@code toThread} body, a task blocked in a JDK call) could wake one, so an hour of
 * sleeping takes no real time at all.
 *
 * <p>Implementation notes: written by the owning loop's thread only; {@link #nanoTime()} may be
 * read from other threads, hence the volatile field.
 */
public final class VirtualClock implements Clock {
    private volatile long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    /**
     * Moves the clock forward to {@code nanos}.
     *
     * @throws IllegalArgumentException if that would move it backwards
     */
    public void advanceTo(long nanos) {
        if (nanos - now < 0) {
            throw new IllegalArgumentException("a virtual clock never goes back: now " + now + ", asked " + nanos);
        }
        now = nanos;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now + " ns]";
    }
}
