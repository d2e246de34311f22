package dev.weft.net;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Event;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The connections a {@link TcpServer} serves: each one's handler task (the stream closed when
 * it ends, a failure reported and counted), how many are active, and the wait for them all
 * to end when the server closes.
 *
 * <p>Implementation notes: shared between the accepting loop and the loops that run handlers,
 * hence atomics, a concurrent set and a volatile {@code closing}. A connection counts as
 * active from its accept until its handler's task has closed it; {@code drained} is set once
 * the server is closing and none is left.
 */
final class ServerConnections {
    private final ConnectionHandler handler;
    private final TcpServer.Options options;
    private final SocketAddress address;
    private final IntConsumer ended;
    private final Set<Task<?>> handlers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Event drained = new Event("TcpServer drained");
    private volatile boolean closing;

    /** {@code ended} hears how many connections are left each time one ends while the server is open. */
    ServerConnections(ConnectionHandler handler, TcpServer.Options options, SocketAddress address, IntConsumer ended) {
        this.handler = handler;
        this.options = options;
        this.address = address;
        this.ended = ended;
    }

    /** True at the connection limit: accepting waits until a connection ends. */
    boolean full() {
        return active.get() >= options.maxConnections;
    }

    /** A connection was accepted; it counts from now. */
    void admitted() {
        active.incrementAndGet();
        accepted.incrementAndGet();
    }

    /**
     * Sends what the handler wrote and meant to send. A peer that has gone meanwhile wants
     * nothing more: that is how connections end, not a failure of the handler, which finished.
     */
    private static void flushWhatIsLeft(TcpStream stream) {
        if (stream.isClosed()) {
            return;
        }
        try {
            stream.flush();
        } catch (BrokenResourceException peerGone) {
            // nothing to deliver it to
        }
    }

    /** On the loop that will run the handler: wraps the connection and spawns its handler's task. */
    void start(Transport.Connection conn) {
        TcpStream stream;
        try {
            stream = TcpStream.open(conn, Weft.loop(), options.streamOptions);
        } catch (IOException | RuntimeException e) {
            lost(conn);
            report("setting up a connection on " + address + " failed", e);
            return;
        }
        Task<?>[] self = new Task<?>[1];
        self[0] = Weft.spawn("conn " + stream.remoteAddress(), () -> {
            try {
                handler.handle(stream);
                flushWhatIsLeft(stream);
            } catch (CancellationException e) {
                throw e;
            } catch (Throwable e) {
                if (!(e instanceof InterruptedException && closing)) {
                    failures.incrementAndGet();
                    report("the handler of " + stream + " on " + address + " failed", e);
                }
            } finally {
                stream.close();
                if (self[0] != null) {
                    handlers.remove(self[0]);
                }
                connectionEnded();
            }
            return null;
        });
        handlers.add(self[0]);
        if (self[0].isDone()) {
            handlers.remove(self[0]);
        }
        if (closing) {
            // the server's close may have swept the handlers before this one was added
            Weft.loop().callLater(options.gracePeriod, self[0]::cancel);
        }
    }

    /** An accepted connection that will never get a handler: closed, and no longer counted. */
    void lost(Transport.Connection conn) {
        conn.close();
        connectionEnded();
    }

    private void connectionEnded() {
        int left = active.decrementAndGet();
        if (closing) {
            if (left == 0) {
                drained.set();
            }
        } else {
            ended.accept(left);
        }
    }

    /** The server began to close: connections ending from now on count towards the drain. */
    void beginClosing() {
        closing = true;
        if (active.get() == 0) {
            drained.set();
        }
    }

    boolean isClosing() {
        return closing;
    }

    /**
     * Lets running handlers end within the grace period, cancels those still running, and
     * waits until every one has ended.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller cancels every handler still
     * running before it throws {@link CancellationException}.
     */
    void awaitDrained(Duration grace) {
        try {
            if (!drained.await(grace)) {
                handlers.forEach(Task::cancel);
                drained.await();
            }
        } catch (CancellationException e) {
            handlers.forEach(Task::cancel);
            throw e;
        }
    }

    /** Hands a failure to the server's failure handler; a handler that fails itself is logged. */
    void report(String what, Throwable error) {
        try {
            options.failureHandler.accept(what, error);
        } catch (Throwable e) {
            System.getLogger("dev.weft.net").log(System.Logger.Level.ERROR, "the failure handler failed on: " + what,
                    e);
        }
    }

    int active() {
        return active.get();
    }

    long accepted() {
        return accepted.get();
    }

    long failures() {
        return failures.get();
    }
}
