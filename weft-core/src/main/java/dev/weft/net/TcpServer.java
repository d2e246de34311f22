package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.sync.Event;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

/**
 * A listening socket — TCP or Unix-domain — whose every accepted connection runs a
 * {@link ConnectionHandler} as a task of its own, with a {@link TcpStream} the server closes
 * when the handler ends. Binds to loopback unless given another address.
 *
 * <pre>{@code
 * try (TcpServer server = TcpServer.start(8080, stream -> stream.write(stream.readExactly(4)))) {
 *     server.join();       // until someone closes it
 * }
 * }</pre>
 *
 * <p>The server accepts on the loop that started it (or, started from a plain thread, on its
 * {@link LoopGroup}'s first loop); with a group ({@link Options#withLoops}) it hands each
 * connection to the group's next loop. At the connection limit it stops accepting — new
 * clients wait in the kernel's backlog — until a connection ends.
 *
 * <p>A handler that throws is reported to the failure handler ({@link Options#withFailureHandler};
 * by default logged at WARNING) and counted in {@link #failures()}; its connection is closed
 * and every other connection goes on.
 *
 * <p>Lifecycle: open → closing ({@link #close()}: the listening socket is closed; running
 * handlers have the grace period to end, then are cancelled) → closed (every handler has ended).
 *
 * <p>A server listens on its accepting loop's {@link Transport}: the operating system's
 * sockets unless the loop carries another (a simulation's in-memory network).
 *
 * <p>Implementation notes: this class is the contract; {@link Acceptor} takes clients off the
 * transport's listener ({@link SocketListener} for sockets) on the accepting loop and
 * {@link ServerConnections} runs and counts their handlers, on whichever loops they were
 * handed to.
 */
public final class TcpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");

    private final SocketAddress address;
    private final Options options;
    private final ServerConnections connections;
    private final Acceptor acceptor;
    private final Event closedEvent = new Event("TcpServer closed");

    private TcpServer(Transport.Listener listener, ConnectionHandler handler, Options options, EventLoop acceptLoop)
            throws IOException {
        this.address = listener.address();
        this.options = options;
        this.acceptor = new Acceptor(listener, acceptLoop, options, handler);
        this.connections = acceptor.connections();
        acceptor.start();
    }

    // ---------------------------------------------------------------- starting

    /** Listens on {@code port} of the loopback address (0: any free port) with default options. */
    public static TcpServer start(int port, ConnectionHandler handler) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), handler, Options.defaults());
    }

    /** Listens on {@code at} (an unresolved or wildcard address is taken as given) with default options. */
    public static TcpServer start(InetSocketAddress at, ConnectionHandler handler) {
        return start(at, handler, Options.defaults());
    }

    /** Listens on a Unix-domain socket at {@code path}; the file is deleted when the server closes. */
    public static TcpServer startUnix(Path path, ConnectionHandler handler) {
        return start(UnixDomainSocketAddress.of(path), handler, Options.defaults());
    }

    /**
     * Listens on {@code at} — an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress};
     * null means loopback, any free port. Call from a task (the server accepts on its loop) or,
     * with {@link Options#withLoops}, from anywhere.
     *
     * @throws BrokenResourceException if the address cannot be bound (in use, not allowed)
     * @throws IllegalStateException from a plain thread without a loop group
     */
    public static TcpServer start(SocketAddress at, ConnectionHandler handler, Options options) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        SocketAddress where = at != null ? at : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        EventLoop here = Dialer.currentLoop();
        EventLoop accepting = here != null && (options.loops == null || options.loops.loops().contains(here))
                ? here : options.loops != null ? options.loops.loops().getFirst() : null;
        if (accepting == null) {
            throw new IllegalStateException("TcpServer.start needs a running task, or Options.withLoops(group)");
        }
        Transport.Listener listener = null;
        try {
            listener = Transport.of(accepting).listen(where, options.backlog);
            if (accepting == here) {
                return new TcpServer(listener, handler, options, accepting);
            }
            Transport.Listener bound = listener;
            return options.loops.submit(accepting, () -> new TcpServer(bound, handler, options, accepting)).join();
        } catch (IOException e) {
            closeQuietly(listener);
            throw new BrokenResourceException("cannot listen on " + where + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(listener);
            throw e;
        }
    }

    private static void closeQuietly(Transport.Listener listener) {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // nothing to add to the failure at hand
            }
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Stops accepting, lets the running handlers end within the grace period, cancels those
     * still running, and waits until every one has ended. Closing again just waits.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller cancels every handler still
     * running before it throws {@link CancellationException}; the listening socket is closed
     * either way.
     */
    @Override
    public void close() {
        if (!connections.isClosing()) {
            connections.beginClosing();
            acceptor.stop();
        }
        try {
            connections.awaitDrained(options.gracePeriod);
        } finally {
            closedEvent.set();
        }
    }

    /**
     * Waits until the server has closed (someone called {@link #close()}).
     *
     * <p><b>Cancellation.</b> A waiting point; the server keeps running.
     */
    public void join() {
        closedEvent.await();
    }

    // ---------------------------------------------------------------- facts

    /** The address the server listens on (with the port chosen, if it was 0). */
    public SocketAddress address() {
        return address;
    }

    /** The TCP port it listens on. @throws IllegalStateException for a Unix-domain server */
    public int port() {
        if (address instanceof InetSocketAddress inet) {
            return inet.getPort();
        }
        throw new IllegalStateException("a Unix-domain server has no port: " + address);
    }

    /** Connections accepted and not yet ended. */
    public int connectionCount() {
        return connections.active();
    }

    /** Connections accepted so far. */
    public long acceptedCount() {
        return connections.accepted();
    }

    /** Handlers that ended by a failure (not by cancellation) so far. */
    public long failures() {
        return connections.failures();
    }

    public boolean isClosing() {
        return connections.isClosing();
    }

    @Override
    public String toString() {
        return "TcpServer[" + address + ", " + connections.active() + " connections"
                + (connections.isClosing() ? ", closing" : "") + "]";
    }

    // ---------------------------------------------------------------- options

    /**
     * How a server runs. Defaults: at most 10,000 connections, a backlog of 1024, 5 s of grace
     * on close, one loop (the one that starts it), default stream options, failures logged
     * through {@link System.Logger} ({@code dev.weft.net}) at WARNING.
     */
    public static final class Options {
        private static final Options DEFAULTS = new Options(10_000, 1024, Duration.ofSeconds(5), null,
                TcpStream.Options.defaults(), (what, e) -> LOG.log(System.Logger.Level.WARNING, what, e));

        final int maxConnections;
        final int backlog;
        final Duration gracePeriod;
        final LoopGroup loops;
        final TcpStream.Options streamOptions;
        final BiConsumer<String, Throwable> failureHandler;

        private Options(int maxConnections, int backlog, Duration gracePeriod, LoopGroup loops,
                        TcpStream.Options streamOptions, BiConsumer<String, Throwable> failureHandler) {
            if (maxConnections < 1 || backlog < 1) {
                throw new IllegalArgumentException("maxConnections and backlog must be >= 1");
            }
            this.maxConnections = maxConnections;
            this.backlog = backlog;
            this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
            this.loops = loops;
            this.streamOptions = Objects.requireNonNull(streamOptions, "streamOptions");
            this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler");
        }

        public static Options defaults() {
            return DEFAULTS;
        }

        /** The most connections open at once; past it the server stops accepting until one ends. */
        public Options withMaxConnections(int n) {
            return new Options(n, backlog, gracePeriod, loops, streamOptions, failureHandler);
        }

        /** How many connections the kernel may hold waiting to be accepted. */
        public Options withBacklog(int n) {
            return new Options(maxConnections, n, gracePeriod, loops, streamOptions, failureHandler);
        }

        /** How long {@link #close()} lets handlers run before it cancels them. */
        public Options withGracePeriod(Duration d) {
            return new Options(maxConnections, backlog, d, loops, streamOptions, failureHandler);
        }

        /** Spreads connections over the loops of {@code group}, round-robin. */
        public Options withLoops(LoopGroup group) {
            return new Options(maxConnections, backlog, gracePeriod, group, streamOptions, failureHandler);
        }

        /** Limits and timeouts for every accepted stream. */
        public Options withStreamOptions(TcpStream.Options o) {
            return new Options(maxConnections, backlog, gracePeriod, loops, o, failureHandler);
        }

        /** Where handler failures go, as a description and the failure. */
        public Options withFailureHandler(BiConsumer<String, Throwable> h) {
            return new Options(maxConnections, backlog, gracePeriod, loops, streamOptions, h);
        }
    }
}
