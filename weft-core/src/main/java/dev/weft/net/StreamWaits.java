package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.TimedOutException;
import dev.weft.WaitQueue;
import dev.weft.Weft;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * How a {@link TcpStream} waits: the readiness handler its loop calls when the connection is
 * ready, the interest it keeps registered, the wait itself — a task on the stream's wait
 * queues while the loop watches the connection, a plain thread on a selector of its own — and
 * the read and idle timeouts that bound every wait.
 *
 * <p>Implementation notes: on a loop, every field is touched only by that loop's thread (its
 * tasks and the I/O handler), so none needs a lock; the wait queues use the stream as their
 * monitor and as the resource that reports and traces name. Read interest stays on after a
 * wake-up so a ping-pong costs no {@code epoll_ctl}; it is dropped when the selector reports
 * input that no reader waits for. On a virtual clock a wait on a socket counts as outside work,
 * since its readiness comes from outside the loop; a simulated connection's does not.
 */
final class StreamWaits {
    private final TcpStream stream;
    private final Transport.Connection conn;
    private final EventLoop loop;          // null: a plain thread's stream
    private final boolean outsideWork;     // a wait holds a virtual clock back: real I/O takes real time
    private final WaitQueue readers;
    private final WaitQueue writers;
    private int interest;
    private boolean readerWaiting;
    private Duration readTimeout;
    private Duration idleTimeout;
    private long lastActivity;

    StreamWaits(TcpStream stream, Transport.Connection conn, EventLoop loop, TcpStream.Options options) {
        this.stream = stream;
        this.conn = conn;
        this.loop = loop;
        this.outsideWork = loop != null && loop.options().virtualTime() && conn.readyFromOutside();
        this.readers = new WaitQueue(stream, stream);
        this.writers = new WaitQueue(stream, stream);
        this.readTimeout = options.readTimeout;
        this.idleTimeout = options.idleTimeout;
        this.lastActivity = now();
    }

    /** Starts hearing the connection's readiness on the stream's loop (a thread's stream waits on its own). */
    void register() throws IOException {
        if (loop != null) {
            conn.start(loop, this::ready);
        }
    }

    /**
     * The readiness handler: called on the loop's thread when the connection is ready for
     * {@code ops}. Flushes queued output, wakes readers and writers.
     */
    private void ready(int ops) {
        int want = interest;
        if ((ops & Transport.WRITE) != 0) {
            StreamOutput output = stream.output;
            output.flushQueue();
            if (output.isEmpty()) {
                want &= ~Transport.WRITE;
            }
            if (output.atLowWater()) {
                wakeAll(writers);
            }
        }
        if ((ops & Transport.CONNECT) != 0) {
            want &= ~Transport.CONNECT;
            wakeAll(writers);
        }
        if ((ops & Transport.READ) != 0) {
            stream.input.mayHaveInput();
            if (readerWaiting) {
                readerWaiting = false;
                wakeAll(readers);
            } else {
                want &= ~Transport.READ;   // input nobody waits for: stop hearing about it
            }
        }
        if (want != interest) {
            setInterest(want);
        }
    }

    private void setInterest(int ops) {
        interest = ops;
        conn.interest(ops);
    }

    /** Asks the loop to flush queued output when the socket can take it. */
    void wantWrite() {
        if (loop != null && (interest & Transport.WRITE) == 0) {
            setInterest(interest | Transport.WRITE);
        }
    }

    /** True for a plain thread's stream, which has no loop to flush its output for it. */
    boolean onThread() {
        return loop == null;
    }

    /** Waits for input, at most the read timeout and the idle deadline. A waiting point. */
    void awaitInput() {
        if (!await(Transport.READ, readers, waitLimit(readTimeout))) {
            throw timedOut(readTimeout, "reading");
        }
    }

    /** Waits until the socket may take more output, at most the idle deadline. A waiting point. */
    void awaitOutput() {
        if (!await(Transport.WRITE, writers, waitLimit(null))) {
            throw timedOut(idleTimeout, "writing");
        }
    }

    /** Waits until a connect may have finished, at most {@code nanos}; false if the time ran out. */
    boolean awaitConnect(long nanos) {
        return await(Transport.CONNECT, writers, nanos);
    }

    /** Wakes every waiter: the stream closed under them. */
    void wakeEveryone() {
        wakeAll(readers);
        wakeAll(writers);
    }

    private void wakeAll(WaitQueue queue) {
        synchronized (stream) {
            queue.wakeAll(null);
        }
    }

    /**
     * Waits until the socket may be ready for {@code op}, at most {@code timeoutNanos}
     * (negative: no limit); false if the time ran out. A waiting point.
     */
    private boolean await(int op, WaitQueue queue, long timeoutNanos) {
        if (loop == null) {
            return awaitAsThread(op, timeoutNanos);
        }
        if (Weft.loop() != loop) {
            throw new IllegalStateException(stream + " belongs to " + loop + "; use it only from that loop's tasks");
        }
        if (op == Transport.READ) {
            readerWaiting = true;
        }
        if ((interest & op) == 0) {
            setInterest(interest | op);
        }
        WaitQueue.Waiter w;
        synchronized (stream) {
            w = queue.enqueue(null);
        }
        EventLoop.ExternalWork work = outsideWork ? loop.beginExternalWork() : null;
        try {
            return queue.await(w, timeoutNanos, true) != WaitQueue.TIMED_OUT;
        } finally {
            if (work != null) {
                work.close();
            }
        }
    }

    private boolean awaitAsThread(int op, long timeoutNanos) {
        WaitQueue.checkCancelled(stream);
        try {
            int n = ((SocketConnection) conn).select(op, timeoutNanos);   // a thread's stream is always a socket
            stream.input.mayHaveInput();
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new CancellationException(Thread.currentThread().getName() + " interrupted while waiting on "
                        + stream);
            }
            if (op == Transport.WRITE) {
                stream.output.flushQueue();
            }
            return n > 0 || timeoutNanos < 0 || stream.isClosed();
        } catch (ClosedSelectorException | ClosedChannelException e) {
            throw stream.closedError("wait on");
        } catch (IOException e) {
            throw new BrokenResourceException("waiting on " + stream + " failed: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- timeouts

    void setReadTimeout(Duration timeout) {
        this.readTimeout = timeout;
    }

    void setIdleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
        this.lastActivity = now();
    }

    /** The connection is made: the idle clock starts. */
    void connected() {
        lastActivity = now();
    }

    /** Bytes moved: the idle clock starts again (read only while an idle timeout is set). */
    void touch() {
        if (idleTimeout != null) {
            lastActivity = now();
        }
    }

    /** How long a wait may last: the read timeout (if given) and the idle deadline; -1 for no limit. */
    private long waitLimit(Duration timeout) {
        long limit = timeout == null ? -1 : nanos(timeout);
        if (idleTimeout != null) {
            long idleLeft = lastActivity + nanos(idleTimeout) - now();
            if (idleLeft <= 0) {
                throw timedOut(idleTimeout, "idle");
            }
            limit = limit < 0 ? idleLeft : Math.min(limit, idleLeft);
        }
        return limit;
    }

    private TimedOutException timedOut(Duration readLimit, String doing) {
        if (idleTimeout != null && now() - lastActivity >= nanos(idleTimeout)) {
            return new TimedOutException(idleTimeout, new BrokenResourceException(
                    "no bytes moved on " + stream + " for " + idleTimeout + " (idle timeout)"));
        }
        Duration d = readLimit != null ? readLimit : idleTimeout;
        return new TimedOutException(d, new BrokenResourceException("nothing arrived on " + stream + " within "
                + d + " while " + doing));
    }

    /** The stream's clock: its loop's (virtual time works), or the system's for a thread. */
    long now() {
        return loop != null ? loop.nanoTime() : System.nanoTime();
    }

    static long nanos(Duration d) {
        try {
            return d.isNegative() ? 0 : d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
