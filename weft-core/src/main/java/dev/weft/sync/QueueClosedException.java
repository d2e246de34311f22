package dev.weft.sync;

/**
 * Thrown when a {@link Queue} was closed: by {@code put} after {@link Queue#close()}, and by
 * {@code take} once a closed queue is empty.
 */
public class QueueClosedException extends RuntimeException {

    public QueueClosedException(String message) {
        super(message);
    }
}
