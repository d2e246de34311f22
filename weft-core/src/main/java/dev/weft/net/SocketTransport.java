package dev.weft.net;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * The operating system's sockets as a {@link Transport}: {@link SocketConnection}s and
 * {@link SocketListener}s, each on its loop's own selector. Stateless, so one serves every loop.
 */
final class SocketTransport implements Transport {
    static final SocketTransport INSTANCE = new SocketTransport();

    private SocketTransport() {
    }

    @Override
    public Connection connect(SocketAddress remote) throws IOException {
        return SocketConnection.connect(remote);
    }

    @Override
    public Listener listen(SocketAddress at, int backlog) throws IOException {
        return SocketListener.bind(at, backlog);
    }

    @Override
    public String toString() {
        return "Transport.sockets()";
    }
}
