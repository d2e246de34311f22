package dev.weft.diag;

/**
 * Thrown in a waiter when its wait could never end: it waits, directly or around a cycle of
 * other waiters, for something that it holds itself — or, on a virtual clock, every task of its
 * loop sleeps and nothing is left that could wake one. {@link #report()} says who, on what, why
 * (the four Coffman conditions as they hold) and how to break it. Also handed to the failure
 * handler when the loop's {@code DeadlockPolicy} reports deadlocks.
 */
public class DeadlockException extends RuntimeException {
    private final transient DeadlockReport report;

    public DeadlockException(DeadlockReport report) {
        super(report.toText());
        this.report = report;
    }

    /** The deadlock: its parties and resources, the Coffman conditions it shows, the fix. */
    public DeadlockReport report() {
        return report;
    }
}
