package dev.weft;

import java.time.Duration;

/** Thrown when a {@link Weft#withTimeout timeout scope}'s deadline passes before its body ends. */
public class TimedOutException extends RuntimeException {
    private final Duration timeout;

    public TimedOutException(Duration timeout) {
        super("timed out after " + timeout);
        this.timeout = timeout;
    }

    public TimedOutException(Duration timeout, Throwable cause) {
        super("timed out after " + timeout, cause);
        this.timeout = timeout;
    }

    /** The timeout that passed. */
    public Duration timeout() {
        return timeout;
    }
}
