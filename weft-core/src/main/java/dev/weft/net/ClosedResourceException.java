package dev.weft.net;

/**
 * Thrown when a stream or server is used after this side closed it: a read or write after
 * {@link TcpStream#close()}, a write after {@link TcpStream#shutdownOutput()}, a wait that
 * another task ended by closing the stream.
 */
public class ClosedResourceException extends RuntimeException {
    public ClosedResourceException(String message) {
        super(message);
    }

    public ClosedResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
