package dev.weft.diag;

/**
 * Thrown in a waiter when its wait would never end: it waits, directly or around a cycle of
 * other waiters, for something that it holds itself. {@link #report()} says who, on what, and
 * how to break it.
 */
public class DeadlockException extends RuntimeException {
    private final transient DeadlockReport report;

    public DeadlockException(DeadlockReport report) {
        super(report.toText());
        this.report = report;
    }

    /** The cycle, its parties and resources, and the Coffman conditions it shows. */
    public DeadlockReport report() {
        return report;
    }
}
