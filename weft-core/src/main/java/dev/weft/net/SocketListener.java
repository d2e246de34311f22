package dev.weft.net;

import dev.weft.EventLoop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;

/**
 * The operating system's listening socket under a {@link TcpServer}: a non-blocking
 * {@link ServerSocketChannel}, TCP or Unix-domain, on the accepting loop's selector. A
 * Unix-domain listener deletes its socket file when it closes.
 *
 * <p>Implementation notes: everything here belongs to the accepting loop's thread, except
 * {@link #bind}, which runs wherever the server is started.
 */
final class SocketListener implements Transport.Listener {
    private final ServerSocketChannel channel;
    private final SocketAddress address;
    private SelectionKey key;

    private SocketListener(ServerSocketChannel channel) throws IOException {
        this.channel = channel;
        this.address = channel.getLocalAddress();
        channel.configureBlocking(false);
    }

    /** Opens a listening socket of the address's family, bound to {@code at}. */
    static SocketListener bind(SocketAddress at, int backlog) throws IOException {
        ServerSocketChannel ch = at instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
        try {
            if (at instanceof InetSocketAddress) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.bind(at, backlog);
            return new SocketListener(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Registers on {@code loop}'s selector, accepting; the loop calls {@code acceptable} when a client waits. */
    @Override
    public void start(EventLoop loop, Runnable acceptable) throws IOException {
        key = channel.register(loop.selector(), SelectionKey.OP_ACCEPT, (EventLoop.IoHandler) k -> acceptable.run());
    }

    /** Starts or stops hearing about waiting clients (they wait in the kernel's backlog meanwhile). */
    @Override
    public void accepting(boolean on) {
        key.interestOps(on ? SelectionKey.OP_ACCEPT : 0);
    }

    /** True until {@link #close()}. */
    @Override
    public boolean isOpen() {
        return key != null && key.isValid();
    }

    /** The next waiting client, or null if none waits. */
    @Override
    public SocketConnection accept() throws IOException {
        SocketChannel ch = channel.accept();
        if (ch == null) {
            return null;
        }
        try {
            return SocketConnection.accepted(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The bound address, with the port chosen if it was 0. */
    @Override
    public SocketAddress address() {
        return address;
    }

    /**
     * Stops listening; clients still in the backlog are refused.
     *
     * @throws IOException if a Unix-domain socket file could not be deleted (the socket is closed)
     */
    @Override
    public void close() throws IOException {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to add: the descriptor is released either way
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            Files.deleteIfExists(unix.getPath());
        }
    }
}
