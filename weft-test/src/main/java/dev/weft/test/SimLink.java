package dev.weft.test;

import dev.weft.Cancellable;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One simulated TCP connection: its two ends and, for each direction, a {@link Pipe} of
 * segments in flight — the handshake (a SYN and its answer), data, the end of a side's output,
 * resets. A segment arrives after its latency, in order within its pipe; a partition holds a
 * pipe until healed; a segment's {@link Fate} may end the whole connection instead.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. Each pipe keeps one
 * timer, for its head segment; arrivals within a pipe never go backwards, so one timer serves
 * every segment due at once, in order. A pipe's {@code bytes} are data in flight; with the
 * receiver's unread bytes they make the window that bounds the sender. Once the connection is
 * {@code dead} (reset or dropped) nothing more is delivered.
 */
final class SimLink {
    /** What a segment carries. */
    enum Kind { SYN, SYN_ACK, REFUSED, DATA, FIN, RST }

    /** What a segment does when it arrives: arrive, or end its connection. */
    enum Fate { ARRIVE, RESET, DROP }

    private static final Duration SYN_RETRY = Duration.ofSeconds(1);

    final SimNetwork net;
    final SimConnection client;
    final SimConnection server;
    final Pipe up;
    final Pipe down;
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
        this.up = new Pipe(client, server);
        this.down = new Pipe(server, client);
    }

    /** Starts the handshake. */
    void open() {
        net.counters.connections++;
        net.faults().opened(this);
        if (net.tracing()) {
            net.trace(client.name() + " connects to " + server.name());
        }
        up.send(Kind.SYN, null);
    }

    Pipe out(SimConnection end) {
        return end == client ? up : down;
    }

    SimConnection peer(SimConnection end) {
        return end == client ? server : client;
    }

    /** How many more bytes {@code end} may write now: the window left in its direction. */
    long space(SimConnection end) {
        return net.bufferSize() - out(end).bytes - peer(end).buffered();
    }

    boolean dead() {
        return dead;
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
    private boolean deliver(Pipe pipe, Segment s) {
        SimConnection to = pipe.to;
        switch (s.kind) {
            case SYN -> {
                return accept(s);
            }
            case SYN_ACK -> {
                if (to.isClosed()) {
                    up.send(Kind.RST, null);   // the client gave up meanwhile
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
                    out(to).send(Kind.RST, null);
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
    private boolean accept(Segment syn) {
        if (client.isClosed()) {
            kill(null);   // the client gave up before its SYN arrived
            return true;
        }
        SimListener listener = path != null ? serverHost.unixListenerFor(path) : serverHost.listenerFor(to, port);
        if (listener == null || !listener.isOpen()) {
            if (net.tracing()) {
                net.trace(server.name() + " refuses " + client.name() + ": nobody listens");
            }
            down.send(Kind.REFUSED, null);
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
        down.send(Kind.SYN_ACK, null);
        return true;
    }

    /** A segment: what it carries, what it will do, and when it arrives. */
    static final class Segment {
        final Kind kind;
        final byte[] data;
        final Fate fate;
        long arrival;

        Segment(Kind kind, byte[] data, Fate fate) {
            this.kind = kind;
            this.data = data;
            this.fate = fate;
        }

        int size() {
            return data == null ? 0 : data.length;
        }
    }

    /** One direction of the connection. */
    final class Pipe {
        final SimConnection from;
        final SimConnection to;
        private final ArrayDeque<Segment> queue = new ArrayDeque<>();
        private long bytes;
        private long last;
        private Cancellable timer;
        private boolean held;

        Pipe(SimConnection from, SimConnection to) {
            this.from = from;
            this.to = to;
        }

        void send(Kind kind, byte[] data) {
            if (dead && !dropped) {
                return;
            }
            Segment s = new Segment(kind, data, kind == Kind.RST || kind == Kind.REFUSED ? Fate.ARRIVE : net.fate());
            s.arrival = net.arrival(last);
            last = s.arrival;
            queue.add(s);
            bytes += s.size();
            if (net.tracing() && kind == Kind.DATA) {
                net.trace(from.name() + " > " + to.name() + " " + s.size() + " bytes, due " + TraceLog.time(s.arrival));
            } else if (net.tracing() && kind == Kind.FIN) {
                net.trace(from.name() + " > " + to.name() + " end of stream, due " + TraceLog.time(s.arrival));
            }
            if (timer == null && !held && !dropped) {
                schedule();
            }
        }

        private void schedule() {
            Segment head = queue.peek();
            if (head != null) {
                timer = net.loop().callLater(Duration.ofNanos(Math.max(0, head.arrival - net.now())), this::due);
            }
        }

        private void due() {
            timer = null;
            Segment s;
            while (!dead && (s = queue.peek()) != null && s.arrival <= net.now()) {
                if (net.faults().blocked(from.host(), to.host())) {
                    hold();
                    return;
                }
                queue.poll();
                bytes -= s.size();
                if (s.fate == Fate.RESET) {
                    reset("reset: the network lost the connection");
                    return;
                }
                if (s.fate == Fate.DROP) {
                    drop("dropped: the network lost the connection");
                    return;
                }
                if (!deliver(this, s)) {
                    queue.addFirst(s);
                    break;
                }
                net.counters.segments++;
                net.counters.bytes += s.size();
            }
            if (!dead) {
                schedule();
            }
        }

        private void hold() {
            held = true;
            net.counters.held += queue.size();
            net.faults().hold(this);
            if (net.tracing()) {
                net.trace(from.name() + " > " + to.name() + " partitioned: " + queue.size() + " segments wait");
            }
        }

        /** The partition healed: what waited goes again, each segment with a fresh latency from now. */
        void release() {
            held = false;
            long after = 0;
            for (Segment s : queue) {
                s.arrival = net.arrival(after);
                after = s.arrival;
            }
            last = Math.max(last, after);
            if (!dead) {
                schedule();
            }
        }

        /** Nothing more moves: the timer goes, and a reset connection forgets what was in flight. */
        private void stop() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            net.faults().unhold(this);
            held = false;
            if (!dropped) {
                queue.clear();
                bytes = 0;
            }
        }
    }
}
