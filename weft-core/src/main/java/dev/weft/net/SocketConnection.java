package dev.weft.net;

import dev.weft.EventLoop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.IntConsumer;

/**
 * One operating-system socket under a {@link TcpStream}: a non-blocking {@link SocketChannel},
 * TCP or Unix-domain, registered on its loop's selector, or for a plain thread's stream
 * waited on with a selector of its own ({@link #select}, which only sockets offer: a plain
 * thread always uses them).
 *
 * <p>Implementation notes: JDK channels close themselves when an interrupted thread uses
 * them, and a task's interrupt flag stays set while its cancellation is pending, so every
 * channel call clears the flag for its duration and restores it after. {@link Transport}'s
 * readiness bits are {@link SelectionKey}'s, so they pass through unchanged. Touched by one
 * thread at a time: the loop's, or the one plain thread using the stream.
 */
final class SocketConnection implements Transport.Connection {
    private final SocketChannel channel;
    private SelectionKey key;          // on the loop's selector; null for a thread's stream
    private Selector ownSelector;      // a thread's stream: its own, opened on first wait

    private SocketConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        noDelay();
    }

    /**
     * Opens a socket of the address's family and starts connecting it; {@link #finishConnect()}
     * says when the connection is made. An unresolved {@link InetSocketAddress} is resolved here.
     */
    static SocketConnection connect(SocketAddress address) throws IOException {
        SocketAddress remote = address instanceof InetSocketAddress inet && inet.isUnresolved()
                ? new InetSocketAddress(inet.getHostString(), inet.getPort()) : address;
        SocketChannel ch = remote instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            ch.configureBlocking(false);
            boolean intr = Thread.interrupted();
            try {
                ch.connect(remote);
            } finally {
                restore(intr);
            }
            return new SocketConnection(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Wraps a channel a server accepted. */
    static SocketConnection accepted(SocketChannel channel) throws IOException {
        return new SocketConnection(channel);
    }

    /** Registers on {@code loop}'s selector; the loop calls {@code ready} with the ready operations. */
    @Override
    public void start(EventLoop loop, IntConsumer ready) throws IOException {
        key = channel.register(loop.selector(), 0, (EventLoop.IoHandler) k -> ready.accept(k.readyOps()));
    }

    /** Sets the operations the loop's selector watches for. */
    @Override
    public void interest(int ops) {
        if (key != null && key.isValid()) {
            key.interestOps(ops);
        }
    }

    @Override
    public boolean readyFromOutside() {
        return true;
    }

    @Override
    public boolean finishConnect() throws IOException {
        boolean intr = Thread.interrupted();
        try {
            if (channel.finishConnect()) {
                noDelay();
                return true;
            }
            return false;
        } finally {
            restore(intr);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        boolean intr = Thread.interrupted();
        try {
            return channel.read(dst);
        } finally {
            restore(intr);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        boolean intr = Thread.interrupted();
        try {
            return channel.write(src);
        } finally {
            restore(intr);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /**
     * A plain thread's wait: blocks on the stream's own selector until the socket is ready for
     * {@code op} or {@code timeoutNanos} pass (negative: no limit); how many keys were ready.
     */
    int select(int op, long timeoutNanos) throws IOException {
        if (ownSelector == null) {
            ownSelector = Selector.open();
            channel.register(ownSelector, 0);
        }
        channel.keyFor(ownSelector).interestOps(op);
        int n = timeoutNanos < 0 ? ownSelector.select()
                : ownSelector.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
        ownSelector.selectedKeys().clear();
        return n;
    }

    /** Closes the socket (and a thread's own selector). Never waits, never throws. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the descriptor is released either way
        }
        Selector s = ownSelector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the channel is closed already
            }
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Small writes go out at once: Nagle's delay only hurts request/response protocols. */
    private void noDelay() throws IOException {
        if (channel.getRemoteAddress() instanceof InetSocketAddress) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
