package dev.weft.test;

import dev.weft.Cancellable;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One direction of a {@link SimLink}: the segments in flight from one end to the other, each
 * due at its own arrival time, delivered in order. A partition between the two hosts holds
 * the pipe when its head is due, until the partition heals; then every waiting segment goes
 * again, each with a fresh latency.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. A pipe keeps one timer,
 * for its head segment; arrivals within a pipe never go backwards, so one timer serves every
 * segment due at once. {@code bytes} counts the data in flight, half of the sender's window.
 */
final class SimPipe {
    /** What a segment carries. */
    enum Kind { SYN, SYN_ACK, REFUSED, DATA, FIN, RST }

    /** What a segment does when it arrives: arrive, or end its connection. */
    enum Fate { ARRIVE, RESET, DROP }

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

    private final SimLink link;
    private final SimNetwork net;
    final SimConnection from;
    final SimConnection to;
    private final ArrayDeque<Segment> queue = new ArrayDeque<>();
    private long bytes;           // data in flight
    private long last;
    private Cancellable timer;
    private boolean held;

    SimPipe(SimLink link, SimConnection from, SimConnection to) {
        this.link = link;
        this.net = link.net;
        this.from = from;
        this.to = to;
    }

    void send(Kind kind, byte[] data) {
        if (link.dead() && !link.dropped()) {
            return;
        }
        Segment s = new Segment(kind, data, kind == Kind.RST || kind == Kind.REFUSED ? Fate.ARRIVE
                : net.conditions().fate());
        s.arrival = net.conditions().arrival(net.now(), last);
        last = s.arrival;
        queue.add(s);
        bytes += s.size();
        if (net.tracing() && kind == Kind.DATA) {
            net.trace(from.name() + " > " + to.name() + " " + s.size() + " bytes, due " + TraceLog.time(s.arrival));
        } else if (net.tracing() && kind == Kind.FIN) {
            net.trace(from.name() + " > " + to.name() + " end of stream, due " + TraceLog.time(s.arrival));
        }
        if (timer == null && !held && !link.dropped()) {
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
        while (!link.dead() && (s = queue.peek()) != null && s.arrival <= net.now()) {
            if (net.faults().blocked(from.host(), to.host())) {
                hold();
                return;
            }
            queue.poll();
            bytes -= s.size();
            if (s.fate == Fate.RESET) {
                link.reset("reset: the network lost the connection");
                return;
            }
            if (s.fate == Fate.DROP) {
                link.drop("dropped: the network lost the connection");
                return;
            }
            if (!link.deliver(this, s)) {
                queue.addFirst(s);
                break;
            }
            net.counters.segments++;
            net.counters.bytes += s.size();
        }
        if (!link.dead()) {
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
            s.arrival = net.conditions().arrival(net.now(), after);
            after = s.arrival;
        }
        last = Math.max(last, after);
        if (!link.dead()) {
            schedule();
        }
    }

    /** Nothing more moves: the timer goes, and a reset connection forgets what was in flight. */
    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        net.faults().unhold(this);
        held = false;
        if (!link.dropped()) {
            queue.clear();
            bytes = 0;
        }
    }

    long bytes() {
        return bytes;
    }
}
