package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.TimedOutException;
import dev.weft.WaitQueue;
import dev.weft.Weft;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * How a {@link TcpStream} waits: the I/O handler its loop calls when the socket is ready, the
 * interest it keeps registered, the wait itself — a task on the stream's wait queues while the
 * loop's selector watches the socket, a plain thread on a selector of its own — and the read
 * and idle timeouts that bound every wait.
 *
 * <p>Implementation notes: on a loop, every field is touched only by that loop's thread (its
 * tasks and the I/O handler), so none needs a lock; the wait queues use the stream as their
 * monitor and as the resource that reports and traces name. Read interest stays on after a
 * wake-up so a ping-pong costs no {@code epoll_ctl}; it is dropped when the selector reports
 * input that no reader waits for. On a virtual clock a wait counts as outside work, since the
 * socket's readiness comes from outside the loop.
 */
final class StreamWaits {
    private final TcpStream stream;
    private final SocketConnection conn;
    private final EventLoop loop;          // null: a plain thread's stream
    private final boolean virtualTime;
    private final WaitQueue readers;
    private final WaitQueue writers;
    private boolean readerWaiting;
    private Duration readTimeout;
    private Duration idleTimeout;
    private long lastActivity;

    StreamWaits(TcpStream stream, SocketConnection conn, EventLoop loop, TcpStream.Options options) {
        this.stream = stream;
        this.conn = conn;
        this.loop = loop;
        this.virtualTime = loop != null && loop.options().virtualTime();
        this.readers = new WaitQueue(stream, stream);
        this.writers = new WaitQueue(stream, stream);
        this.readTimeout = options.readTimeout;
        this.idleTimeout = options.idleTimeout;
        this.lastActivity = now();
    }

    /** Registers the stream on its loop's selector (a thread's stream waits on its own). */
    void register() throws IOException {
        if (loop != null) {
            conn.register(loop, this::ready);
        }
    }

    /**
     * The I/O handler: called by the loop on its thread when the selector finds the socket
     * ready. Flushes queued output, wakes readers and writers.
     */
    private void ready(int ops) {
        int want = conn.interest();
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            StreamOutput output = stream.output;
            output.flushQueue();
            if (output.isEmpty()) {
                want &= ~SelectionKey.OP_WRITE;
            }
            if (output.atLowWater()) {
                wakeAll(writers);
            }
        }
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            want &= ~SelectionKey.OP_CONNECT;
            wakeAll(writers);
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            stream.input.mayHaveInput();
            if (readerWaiting) {
                readerWaiting = false;
                wakeAll(readers);
            } else {
                want &= ~SelectionKey.OP_READ;   // input nobody waits for: stop hearing about it
            }
        }
        if (want != conn.interest()) {
            conn.interest(want);
        }
    }

    /** Asks the loop to flush queued output when the socket can take it. */
    void wantWrite() {
        if (loop != null && (conn.interest() & SelectionKey.OP_WRITE) == 0) {
            conn.interest(conn.interest() | SelectionKey.OP_WRITE);
        }
    }

    /** True for a plain thread's stream, which has no loop to flush its output for it. */
    boolean onThread() {
        return loop == null;
    }

    /** Waits for input, at most the read timeout and the idle deadline. A waiting point. */
    void awaitInput() {
        if (!await(SelectionKey.OP_READ, readers, waitLimit(readTimeout))) {
            throw timedOut(readTimeout, "reading");
        }
    }

    /** Waits until the socket may take more output, at most the idle deadline. A waiting point. */
    void awaitOutput() {
        if (!await(SelectionKey.OP_WRITE, writers, waitLimit(null))) {
            throw timedOut(idleTimeout, "writing");
        }
    }

    /** Waits until a connect may have finished, at most {@code nanos}; false if the time ran out. */
    boolean awaitConnect(long nanos) {
        return await(SelectionKey.OP_CONNECT, writers, nanos);
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
        if (op == SelectionKey.OP_READ) {
            readerWaiting = true;
        }
        if ((conn.interest() & op) == 0) {
            conn.interest(conn.interest() | op);
        }
        WaitQueue.Waiter w;
        synchronized (stream) {
            w = queue.enqueue(null);
        }
        EventLoop.ExternalWork work = virtualTime ? loop.beginExternalWork() : null;
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
            int n = conn.select(op, timeoutNanos);
            stream.input.mayHaveInput();
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new CancellationException(Thread.currentThread().getName() + " interrupted while waiting on " + stream);
            }
            if (op == SelectionKey.OP_WRITE) {
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
