package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.net.Transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * A simulated listening socket on a {@link SimHost}: bound to a port of the host's address,
 * of its loopback, or of both (the wildcard), or to a Unix-domain path; connections whose
 * handshake it answered wait in its backlog until the server accepts them. A client whose SYN
 * finds the backlog full sends it again a second later, as TCP does.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. Readiness is posted as a
 * {@link SimConnection}'s is, level-triggered, and the server's accepting runs with the
 * listener's host as the host of every task it spawns.
 */
final class SimListener implements Transport.Listener {
    private final SimNetwork net;
    private final SimHost host;
    private final InetAddress bound;       // null: every address of the host
    private final int port;
    private final String path;             // a Unix-domain listener's path, else null
    private final int backlog;
    private final ArrayDeque<SimConnection> waiting = new ArrayDeque<>();
    private Runnable acceptable;
    private boolean on = true;
    private boolean open = true;
    private boolean posted;

    SimListener(SimNetwork net, SimHost host, InetAddress bound, int port, String path, int backlog) {
        this.net = net;
        this.host = host;
        this.bound = bound;
        this.port = port;
        this.path = path;
        this.backlog = backlog;
    }

    @Override
    public void start(EventLoop loop, Runnable acceptable) {
        if (loop != net.loop()) {
            throw new IllegalStateException("a simulated listener accepts on its simulation's loop, not on " + loop);
        }
        this.acceptable = acceptable;
        if (net.tracing()) {
            net.trace(host.name() + " listens on " + address());
        }
        poke();
    }

    @Override
    public void accepting(boolean on) {
        this.on = on;
        poke();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public SimConnection accept() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
        return waiting.poll();
    }

    @Override
    public SocketAddress address() {
        if (path != null) {
            return UnixDomainSocketAddress.of(path);
        }
        return bound != null ? new InetSocketAddress(bound, port) : new InetSocketAddress(port);
    }

    /** Stops listening: clients waiting in the backlog are reset. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        host.unbind(this);
        SimConnection c;
        while ((c = waiting.poll()) != null) {
            c.abort();
        }
        if (net.tracing()) {
            net.trace(host.name() + " stops listening on " + address());
        }
    }

    // ---------------------------------------------------------------- for the links

    /** True if a connect to {@code to} on this listener's port reaches it. */
    boolean accepts(InetAddress to) {
        return bound == null || bound.equals(to) || bound.isLoopbackAddress() && to.isLoopbackAddress();
    }

    boolean full() {
        return waiting.size() >= backlog;
    }

    void enqueue(SimConnection c) {
        waiting.add(c);
        poke();
    }

    int port() {
        return port;
    }

    String path() {
        return path;
    }

    private void poke() {
        if (acceptable != null && !posted && on && open && !waiting.isEmpty()) {
            posted = true;
            net.loop().callSoon(this::fire);
        }
    }

    private void fire() {
        posted = false;
        if (on && open && !waiting.isEmpty()) {
            net.placement().runOn(host, acceptable);
            poke();
        }
    }

    @Override
    public String toString() {
        return "SimListener[" + host.name() + " " + address() + (open ? "" : ", closed") + "]";
    }
}
