package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.net.Transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * One end of a simulated connection, as a {@link TcpStream} sees it: a non-blocking
 * {@link Transport.Connection} whose input is what its {@link SimLink} delivered and whose
 * output goes into the link as segments, within the window the other end's reading leaves.
 *
 * <p>States: connecting → open (the handshake came back) or refused; open → reset (by the
 * network, or by the other end) or closed; any → closed. An end that closes with input unread
 * resets its peer, as TCP does; otherwise it sends the end of its output.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. Readiness is
 * level-triggered as a selector's is: whenever it may have changed while interest is set, a
 * callback is posted ({@code callSoon}, one at a time), and after the stream's handler ran it
 * is posted again if the end is still ready for what the stream still wants — so readiness
 * is never reported in the middle of a stream call, and never lost.
 */
final class SimConnection implements Transport.Connection {
    enum State { CONNECTING, OPEN, REFUSED, RESET, CLOSED }

    private final SimLink link;
    private final SimHost host;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final boolean client;
    private final String name;
    private final ArrayDeque<ByteBuffer> input = new ArrayDeque<>();
    private long buffered;
    private boolean inputEnded;
    private boolean outputShut;
    private State state = State.CONNECTING;
    private String resetWhy;
    private IntConsumer ready;
    private int interest;
    private boolean posted;

    SimConnection(SimLink link, SimHost host, SocketAddress local, SocketAddress remote, boolean client) {
        this.link = link;
        this.host = host;
        this.local = local;
        this.remote = remote;
        this.client = client;
        this.name = host.name() + ":" + (local instanceof InetSocketAddress inet ? inet.getPort() : local);
    }

    @Override
    public void start(EventLoop loop, IntConsumer ready) {
        if (loop != link.net.loop()) {
            throw new IllegalStateException("a simulated connection stays on its simulation's loop; " + loop
                    + " is another (a TcpServer's LoopGroup cannot take simulated connections)");
        }
        this.ready = ready;
        poke();
    }

    @Override
    public void interest(int ops) {
        interest = ops;
        poke();
    }

    @Override
    public boolean finishConnect() throws IOException {
        return switch (state) {
            case CONNECTING -> false;
            case OPEN -> true;
            case REFUSED -> throw new ConnectException("Connection refused");
            case RESET -> throw new SocketException("Connection reset (" + resetWhy + ")");
            case CLOSED -> throw new ClosedChannelException();
        };
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkOpen();
        int n = 0;
        ByteBuffer b;
        while (dst.hasRemaining() && (b = input.peek()) != null) {
            int take = Math.min(b.remaining(), dst.remaining());
            int limit = b.limit();
            b.limit(b.position() + take);
            dst.put(b);
            b.limit(limit);
            n += take;
            if (!b.hasRemaining()) {
                input.poll();
            }
        }
        if (n > 0) {
            buffered -= n;
            link.peer(this).windowOpened();
            return n;
        }
        return inputEnded ? -1 : 0;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        checkOpen();
        if (outputShut) {
            throw new ClosedChannelException();
        }
        int n = (int) Math.min(src.remaining(), Math.max(0, link.space(this)));
        for (int left = n; left > 0; ) {
            byte[] segment = new byte[Math.min(left, link.net.conditions().segmentSize())];
            src.get(segment);
            link.out(this).send(SimPipe.Kind.DATA, segment);
            left -= segment.length;
        }
        return n;
    }

    @Override
    public void shutdownOutput() throws IOException {
        checkOpen();
        if (!outputShut) {
            outputShut = true;
            link.out(this).send(SimPipe.Kind.FIN, null);
        }
    }

    @Override
    public void close() {
        end(buffered > 0);   // unread input: TCP resets the peer rather than end the stream
    }

    /** Closes this end and resets the peer: a listener closing on connections it never accepted. */
    void abort() {
        end(true);
    }

    private void end(boolean reset) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        state = State.CLOSED;
        if (was == State.OPEN) {
            if (reset) {
                link.out(this).send(SimPipe.Kind.RST, null);
            } else if (!outputShut) {
                link.out(this).send(SimPipe.Kind.FIN, null);
            }
        }
        input.clear();
        buffered = 0;
        if (client && local instanceof InetSocketAddress inet) {
            host.release(inet.getPort());
        }
        link.ended();
    }

    @Override
    public SocketAddress remoteAddress() {
        return state == State.CLOSED ? null : remote;
    }

    @Override
    public SocketAddress localAddress() {
        return state == State.CLOSED ? null : local;
    }

    private void checkOpen() throws IOException {
        switch (state) {
            case CLOSED -> throw new ClosedChannelException();
            case RESET -> throw new SocketException("Connection reset (" + resetWhy + ")");
            case CONNECTING, REFUSED -> throw new java.nio.channels.NotYetConnectedException();
            case OPEN -> { }
        }
    }

    // ---------------------------------------------------------------- from the link

    void established() {
        if (state == State.CONNECTING) {
            state = State.OPEN;
            poke();
        }
    }

    void refused() {
        if (state == State.CONNECTING) {
            state = State.REFUSED;
            poke();
        }
    }

    void receive(byte[] data) {
        input.add(ByteBuffer.wrap(data));
        buffered += data.length;
        poke();
    }

    void receiveEnd() {
        inputEnded = true;
        poke();
    }

    /** The connection was reset: unread input is gone, and the next read or write fails. */
    void resetBy(String why) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.RESET;
        resetWhy = why;
        input.clear();
        buffered = 0;
        poke();
    }

    /** The other end read: the window in this end's direction opened. */
    void windowOpened() {
        poke();
    }

    long buffered() {
        return buffered;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    SimHost host() {
        return host;
    }

    /** {@code host:port}, for traces. */
    String name() {
        return name;
    }

    // ---------------------------------------------------------------- readiness

    private int readyOps() {
        return switch (state) {
            case CONNECTING, CLOSED -> 0;
            case REFUSED -> Transport.CONNECT;
            case RESET -> Transport.READ | Transport.WRITE | Transport.CONNECT;
            case OPEN -> Transport.CONNECT
                    | (buffered > 0 || inputEnded ? Transport.READ : 0)
                    | (!outputShut && link.space(this) > 0 ? Transport.WRITE : 0);
        };
    }

    private void poke() {
        if (ready != null && !posted && (interest & readyOps()) != 0) {
            posted = true;
            link.net.loop().callSoon(this::fire);
        }
    }

    private void fire() {
        posted = false;
        int ops = interest & readyOps();
        if (ops != 0) {
            ready.accept(ops);
            poke();
        }
    }

    @Override
    public String toString() {
        return "SimConnection[" + name + " - " + link.peer(this).name() + ", " + state + "]";
    }
}
