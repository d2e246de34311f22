package dev.weft;

import java.util.List;

/**
 * Thrown when one or more members of a {@link TaskGroup} failed: the children, and for
 * {@link TaskGroup#run} the body itself. Cancellations are not failures and never appear here.
 * The first failure is the cause; every other one is suppressed on this exception too, so a
 * stack trace shows them all.
 */
public class TaskGroupException extends RuntimeException {
    private final List<Throwable> failures;

    public TaskGroupException(List<Throwable> failures) {
        super(message(failures), failures.isEmpty() ? null : failures.getFirst());
        this.failures = List.copyOf(failures);
        for (int i = 1; i < this.failures.size(); i++) {
            addSuppressed(this.failures.get(i));
        }
    }

    /** Every failure, as thrown, in the order they happened. */
    public List<Throwable> failures() {
        return failures;
    }

    private static String message(List<Throwable> failures) {
        int n = failures.size();
        String first = n == 0 ? "" : ": " + failures.getFirst();
        return n + (n == 1 ? " failure" : " failures") + " in task group" + first;
    }
}
