package dev.weft.pool;

/**
 * Thrown when a process pool cannot run jobs at all: its worker JVMs keep dying before they are
 * ready (a bad JVM flag, a class path they cannot read), or the per-worker initializer failed.
 * The message says how the workers ended, with their last lines of stderr and the command that
 * started them; every job still queued fails with it, and so does every later submit.
 */
public class PoolBrokenException extends IllegalStateException {

    public PoolBrokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
