package dev.weft.net;

/**
 * Thrown when the peer sent more than a read's size limit allows — a line longer than the
 * line limit, no delimiter within {@link TcpStream#readUntil}'s limit — so the read stops
 * instead of buffering without bound. The peer broke the protocol, so this is a
 * {@link BrokenResourceException}; the bytes read so far stay buffered in the stream.
 */
public class LimitExceededException extends BrokenResourceException {
    private final int limit;

    public LimitExceededException(String message, int limit) {
        super(message);
        this.limit = limit;
    }

    /** The limit that was passed, in bytes. */
    public int limit() {
        return limit;
    }
}
