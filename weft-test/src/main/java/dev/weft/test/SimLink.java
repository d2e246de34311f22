package dev.weft.test;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * One simulated TCP connection: its two ends, a {@link SimPipe} of segments in flight for
 * each direction, and what each segment does when it arrives — the handshake (a SYN answered
 * by a listener, or refused), data, the end of a side's output, a reset.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. The window that bounds a
 * sender is its pipe's bytes in flight plus the receiver's unread bytes. Once the connection
 * is {@code dead} (reset, refused or dropped) nothing more is delivered; a dropped one keeps
 * what was in flight, so its window stays full and its writers wait, as on a real network
 * whose peer vanished.
 */
final class SimLink {
    private static final Duration SYN_RETRY = Duration.ofSeconds(1);

    final SimNetwork net;
    final SimConnection client;
    final SimConnection server;
    final SimPipe up;
    final SimPipe down;
    private final SimHost serverHost;
    private final InetAddress to;          // the address connected to; null for a Unix-domain path
    private final int port;
    private final String path;
    private boolean dead;
    private boolean dropped;

    SimLink(SimNetwork net, SimHost clientHost, SocketAddress clientAddress, SimHost serverHost, InetAddress to,
            int port, String path, SocketAddress serverAddress) {
        this.net = net;
        this.serverHost = serverHost;
        this.to = to;
        this.port = port;
        this.path = path;
        this.client = new SimConnection(this, clientHost, clientAddress, serverAddress, true);
        this.server = new SimConnection(this, serverHost, serverAddress, clientAddress, false);
        this.up = new SimPipe(this, client, server);
        this.down = new SimPipe(this, server, client);
    }

    /** Starts the handshake. */
    void open() {
        net.counters.connections++;
        net.faults().opened(this);
        if (net.tracing()) {
            net.trace(client.name() + " connects to " + server.name());
        }
        up.send(SimPipe.Kind.SYN, null);
    }

    SimPipe out(SimConnection end) {
        return end == client ? up : down;
    }

    SimConnection peer(SimConnection end) {
        return end == client ? server : client;
    }

    /** How many more bytes {@code end} may write now: the window left in its direction. */
    long space(SimConnection end) {
        return net.conditions().bufferSize() - out(end).bytes() - peer(end).buffered();
    }

    boolean dead() {
        return dead;
    }

    /** True once dropped: what is sent still goes into the pipes, and never comes out. */
    boolean dropped() {
        return dropped;
    }

    boolean joins(SimHost a, SimHost b) {
        return client.host() == a && serverHost == b || client.host() == b && serverHost == a;
    }

    /** Ends the connection by a reset: both ends fail at their next read or write. */
    void reset(String why) {
        if (dead) {
            return;
        }
        kill(why);
        net.counters.resets++;
        client.resetBy(why);
        server.resetBy(why);
    }

    /** Kills the connection silently: nothing more arrives either way, and nobody is told. */
    void drop(String why) {
        if (dead) {
            return;
        }
        dropped = true;   // first: what is in flight stays there, filling the window for good
        kill(why);
        net.counters.drops++;
    }

    private void kill(String why) {
        dead = true;
        up.stop();
        down.stop();
        net.faults().closed(this);
        if (why != null && net.tracing()) {
            net.trace(client.name() + " - " + server.name() + " " + why);
        }
    }

    /** Both ends are closed: the connection is gone. */
    void ended() {
        if (client.isClosed() && server.isClosed()) {
            net.faults().closed(this);
        }
    }

    /** Delivers {@code s}, which came through {@code pipe}; false if it must wait (a full backlog) and stays. */
    boolean deliver(SimPipe pipe, SimPipe.Segment s) {
        SimConnection to = pipe.to;
        switch (s.kind) {
            case SYN -> {
                return accept(s);
            }
            case SYN_ACK -> {
                if (to.isClosed()) {
                    up.send(SimPipe.Kind.RST, null);   // the client gave up meanwhile
                } else {
                    to.established();
                }
            }
            case REFUSED -> {
                net.counters.refused++;
                kill(null);
                to.refused();
            }
            case DATA -> {
                if (to.isClosed()) {
                    out(to).send(SimPipe.Kind.RST, null);
                } else {
                    to.receive(s.data);
                }
            }
            case FIN -> to.receiveEnd();
            case RST -> {
                net.counters.resets++;
                kill("reset by " + pipe.from.name());
                to.resetBy("reset by " + pipe.from.name());
            }
        }
        return true;
    }

    /** The SYN arrived: a listener takes the connection, or it is refused; false while the backlog is full. */
    private boolean accept(SimPipe.Segment syn) {
        if (client.isClosed()) {
            kill(null);   // the client gave up before its SYN arrived
            return true;
        }
        SimListener listener = path != null ? serverHost.unixListenerFor(path) : serverHost.listenerFor(to, port);
        if (listener == null || !listener.isOpen()) {
            if (net.tracing()) {
                net.trace(server.name() + " refuses " + client.name() + ": nobody listens");
            }
            down.send(SimPipe.Kind.REFUSED, null);
            return true;
        }
        if (listener.full()) {
            syn.arrival = net.now() + SYN_RETRY.toNanos();   // the client sends its SYN again a second later
            return false;
        }
        server.established();
        listener.enqueue(server);
        if (net.tracing()) {
            net.trace(server.name() + " accepts " + client.name());
        }
        down.send(SimPipe.Kind.SYN_ACK, null);
        return true;
    }
}
