package dev.weft.net;

/**
 * What a {@link TcpServer} runs for each connection it accepts, as a task of its own. The
 * server closes the stream when the handler returns or throws; a failure is reported to the
 * server's failure handler and never affects other connections.
 */
@FunctionalInterface
public interface ConnectionHandler {
    void handle(TcpStream stream) throws Exception;
}
