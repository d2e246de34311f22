package dev.weft.test;

/**
 * Thrown when a task inside a simulation failed and nobody joined it, or a loop callback
 * threw: failures that an ordinary loop only logs end a simulated run, so that exploration
 * stops at them. The failure is the {@linkplain #getCause() cause}.
 */
public class UnhandledFailureException extends RuntimeException {
    UnhandledFailureException(String what, Throwable failure) {
        super(what + ": " + failure, failure);
    }
}
