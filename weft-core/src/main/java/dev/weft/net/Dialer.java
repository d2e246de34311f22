package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.TimedOutException;
import dev.weft.WaitQueue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.util.Objects;

/**
 * The connect path of {@link TcpStream#connect}: starts a non-blocking connect on the calling
 * loop's {@link Transport} (the sockets, for a plain thread), and waits for it on the stream's
 * own wait queues (a task) or selector (a plain thread), at most the connect timeout.
 *
 * <p>Implementation notes: the stream exists before the connection does, so the wait goes
 * through the same {@link StreamWaits} as every later read and write, and a failure at any
 * point closes the half-open socket.
 */
final class Dialer {
    private Dialer() {
    }

    static TcpStream connect(SocketAddress address, TcpStream.Options options) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        WaitQueue.checkCancelled("connect to " + describe(address));
        EventLoop loop = currentLoop();
        Transport.Connection conn = null;
        TcpStream stream = null;
        boolean ok = false;
        try {
            conn = Transport.of(loop).connect(address);
            stream = TcpStream.open(conn, loop, options);
            finishConnect(stream, options);
            ok = true;
            return stream;
        } catch (IOException | UnresolvedAddressException e) {
            throw new BrokenResourceException("cannot connect to " + describe(address) + ": " + e, e);
        } finally {
            if (!ok) {
                if (stream != null) {
                    stream.close();
                } else if (conn != null) {
                    conn.close();
                }
            }
        }
    }

    private static void finishConnect(TcpStream stream, TcpStream.Options options) throws IOException {
        StreamWaits waits = stream.waits;
        long deadline = waits.now() + StreamWaits.nanos(options.connectTimeout);
        while (!stream.conn.finishConnect()) {
            long left = deadline - waits.now();
            if (left <= 0 || !waits.awaitConnect(left)) {
                throw new TimedOutException(options.connectTimeout);
            }
        }
        waits.connected();
    }

    /** {@code host:port} for a name not resolved yet, else the address as the JDK prints it. */
    private static String describe(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.isUnresolved()
                ? inet.getHostString() + ":" + inet.getPort() : String.valueOf(address);
    }

    /** The loop of the calling task, or null on a plain thread (or in a loop callback). */
    static EventLoop currentLoop() {
        return EventLoop.of(Thread.currentThread());
    }
}
