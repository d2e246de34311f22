package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.Weft;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * The accepting side of a {@link TcpServer}: takes waiting clients off the transport's
 * listener when its loop says they are there, hands each to the loop that will run its handler, and
 * stops hearing about new ones at the connection limit (they wait in the kernel's backlog)
 * until a connection ends.
 *
 * <p>Implementation notes: the listener and {@code paused} belong to the accepting loop's
 * thread. A connection that ends on another loop posts the resume to the accepting loop; its
 * read of {@code paused} is a hint, and {@link #resume()} checks again on the right thread.
 */
final class Acceptor {
    private static final int BATCH = 256;

    private final Transport.Listener listener;
    private final EventLoop acceptLoop;
    private final TcpServer.Options options;
    private final ServerConnections connections;
    private boolean paused;

    Acceptor(Transport.Listener listener, EventLoop acceptLoop, TcpServer.Options options, ConnectionHandler handler) {
        this.listener = listener;
        this.acceptLoop = acceptLoop;
        this.options = options;
        this.connections = new ServerConnections(handler, options, listener.address(), this::connectionEnded);
    }

    /** The connections this acceptor hands its clients to. */
    ServerConnections connections() {
        return connections;
    }

    /** Starts accepting. On the accepting loop. */
    void start() throws IOException {
        listener.start(acceptLoop, this::acceptReady);
    }

    /** The listener's readiness handler: accepts what is pending, up to the limit. */
    private void acceptReady() {
        for (int i = 0; i < BATCH && !connections.isClosing(); i++) {
            if (connections.full()) {
                pause();
                return;
            }
            Transport.Connection conn;
            try {
                conn = listener.accept();
            } catch (IOException e) {
                // EMFILE and friends: stop hearing about the backlog for a moment instead of spinning
                connections.report("accepting a connection on " + address() + " failed", e);
                pause();
                acceptLoop.callLater(Duration.ofMillis(100), this::resume);
                return;
            }
            if (conn == null) {
                return;
            }
            connections.admitted();
            dispatch(conn);
        }
    }

    private void dispatch(Transport.Connection conn) {
        EventLoop target = options.loops == null ? acceptLoop : options.loops.next();
        if (target == acceptLoop) {
            connections.start(conn);
            return;
        }
        try {
            target.callSoonThreadsafe(() -> connections.start(conn));
        } catch (IllegalStateException loopClosed) {
            connections.lost(conn);
        }
    }

    private void pause() {
        if (!paused && listener.isOpen()) {
            paused = true;
            listener.accepting(false);
        }
    }

    private void resume() {
        if (paused && !connections.isClosing() && listener.isOpen() && !connections.full()) {
            paused = false;
            listener.accepting(true);
        }
    }

    /** A connection ended while the server is open, {@code left} still active: accept again if paused. */
    void connectionEnded(int left) {
        if (!paused || left >= options.maxConnections) {
            return;
        }
        if (Thread.currentThread().isVirtual() ? Dialer.currentLoop() == acceptLoop : onAcceptLoop()) {
            resume();
            return;
        }
        try {
            acceptLoop.callSoonThreadsafe(this::resume);
        } catch (IllegalStateException ignored) {
            // the accepting loop has ended: nothing left to resume
        }
    }

    /** Stops listening, on the accepting loop if the caller is elsewhere. */
    void stop() {
        if (onAcceptLoop()) {
            closeListener();
            return;
        }
        try {
            acceptLoop.callSoonThreadsafe(this::closeListener);
        } catch (IllegalStateException loopGone) {
            closeListener();
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException e) {
            connections.report("closing the listener on " + address() + " left something behind", e);
        }
    }

    /** True on the accepting loop's thread (a task or callback of it). */
    boolean onAcceptLoop() {
        try {
            return Weft.loop() == acceptLoop;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    SocketAddress address() {
        return listener.address();
    }
}
