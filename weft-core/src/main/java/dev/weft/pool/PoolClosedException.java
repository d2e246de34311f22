package dev.weft.pool;

/**
 * Thrown when a job is submitted to a pool that is closing or closed ({@link Pool#close()},
 * {@link Pool#shutdownNow()}).
 */
public class PoolClosedException extends IllegalStateException {

    public PoolClosedException(String message) {
        super(message);
    }
}
