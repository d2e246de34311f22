package dev.weft.profile;

/** Thrown when the work being measured threw a checked exception; the cause is what it threw. */
public final class WorkFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
