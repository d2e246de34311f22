package dev.weft;

/**
 * Thrown when a task or a body that Weft ran ended by a checked exception; that exception is
 * the cause. Weft's waiting methods declare no checked exception, so a checked failure always
 * arrives wrapped in this, while unchecked ones are rethrown as they were thrown.
 */
public class TaskFailedException extends RuntimeException {

    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns {@code failure} as an unchecked throwable: itself if unchecked, else wrapped. */
    static RuntimeException unchecked(String what, Throwable failure) {
        if (failure instanceof RuntimeException re) {
            return re;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new TaskFailedException(what + " failed: " + failure, failure);
    }
}
