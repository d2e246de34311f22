/**
 * Sockets on the event loop: TCP and Unix-domain streams and servers whose reads and writes
 * wait on the loop's own {@link java.nio.channels.Selector}.
 *
 * <p>Reach for {@link dev.weft.net.TcpServer#start} to serve (each connection's handler runs as
 * a task), {@link dev.weft.net.TcpStream#connect} to dial out (from a task, or blocking from a
 * plain thread), and {@link dev.weft.net.LoopGroup} to spread a server over every core.
 * Code reads top to bottom, as with asyncio streams:
 *
 * <pre>{@code
 * Weft.run(() -> {
 *     try (TcpServer server = TcpServer.start(8080, stream -> {
 *         String line;
 *         while ((line = stream.readLine()) != null) {
 *             stream.write((line + "\n").getBytes(UTF_8));
 *             stream.drain();
 *         }
 *     })) {
 *         server.join();
 *     }
 *     return null;
 * });
 * }</pre>
 *
 * <p>Every waiting method is a cancellation point and can time out (per-stream read and idle
 * timeouts, or {@code Weft.withTimeout} around any block); every read has a size limit. Errors
 * come from a small vocabulary: {@link dev.weft.net.ClosedResourceException} (this side closed
 * it), {@link dev.weft.net.BrokenResourceException} (the peer broke it; its subclass
 * {@link dev.weft.net.LimitExceededException} when the peer sent more than a limit allows) and
 * {@link dev.weft.TimedOutException}.
 *
 * <p>Streams and servers run over their loop's {@link dev.weft.net.Transport}: the operating
 * system's sockets, on {@link dev.weft.EventLoop#selector()} with an
 * {@link dev.weft.EventLoop.IoHandler} per channel, unless the loop carries another as a service
 * of its options — {@code dev.weft.test}'s simulated network, for one, on which the same code
 * runs unchanged. Every wait goes through {@link dev.weft.WaitQueue}. Inside, a stream is
 * {@code StreamInput} (the read buffer and its limits), {@code StreamOutput} (the write queue,
 * water marks and drain), {@code StreamWaits} (readiness, waiting, timeouts) and
 * {@code Dialer} (connecting); a server is {@code Acceptor} (taking clients off the
 * listener) and {@code ServerConnections} (running and counting their handlers).
 */
package dev.weft.net;
