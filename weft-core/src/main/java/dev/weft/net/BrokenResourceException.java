package dev.weft.net;

/**
 * Thrown when the peer broke a stream: it reset the connection, stopped reading while this
 * side wrote (a broken pipe), or closed its side before a read that needs more bytes
 * ({@link TcpStream#readExactly}, {@link TcpStream#readUntil}) could complete.
 */
public class BrokenResourceException extends RuntimeException {
    public BrokenResourceException(String message) {
        super(message);
    }

    public BrokenResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
