package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Event;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Implementation notes: the listening channel, its key and {@code paused} belong to the
 * accepting loop's thread; {@code active}, the handler set and the counters are shared with the
 * loops that run handlers, hence atomics and a concurrent set. A connection counts as active
 * from its accept until its handler's task has closed it.
 */
public final class TcpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.weft.net");

    private final ServerSocketChannel channel;
    private final SocketAddress address;
    private final ConnectionHandler handler;
    private final Options options;
    private final EventLoop acceptLoop;
    private final SelectionKey key;
    private final Set<Task<?>> handlers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Event drained = new Event("TcpServer drained");
    private final Event closedEvent = new Event("TcpServer closed");
    private volatile boolean closing;
    private boolean paused;

    private TcpServer(ServerSocketChannel channel, ConnectionHandler handler, Options options, EventLoop acceptLoop)
            throws IOException {
        this.channel = channel;
        this.address = channel.getLocalAddress();
        this.handler = handler;
        this.options = options;
        this.acceptLoop = acceptLoop;
        channel.configureBlocking(false);
        this.key = channel.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT, (EventLoop.IoHandler) k -> acceptReady());
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
        EventLoop here = currentLoop();
        EventLoop accepting = here != null && (options.loops == null || options.loops.loops().contains(here))
                ? here : options.loops != null ? options.loops.loops().getFirst() : null;
        if (accepting == null) {
            throw new IllegalStateException("TcpServer.start needs a running task, or Options.withLoops(group)");
        }
        ServerSocketChannel ch = null;
        try {
            ch = where instanceof UnixDomainSocketAddress
                    ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
            if (where instanceof InetSocketAddress) {
                ch.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.bind(where, options.backlog);
            if (accepting == here) {
                return new TcpServer(ch, handler, options, accepting);
            }
            ServerSocketChannel bound = ch;
            return options.loops.submit(accepting, () -> new TcpServer(bound, handler, options, accepting)).join();
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BrokenResourceException("cannot listen on " + where + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static EventLoop currentLoop() {
        try {
            Weft.currentTask();
            return Weft.loop();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- accepting

    /** The I/O handler of the listening socket: accepts what is pending, up to the limit. */
    private void acceptReady() {
        for (int i = 0; i < 256 && !closing; i++) {
            if (active.get() >= options.maxConnections) {
                pause();
                return;
            }
            SocketChannel ch;
            try {
                ch = channel.accept();
            } catch (IOException e) {
                // EMFILE and friends: stop hearing about the backlog for a moment instead of spinning
                report("accepting a connection on " + address + " failed", e);
                pause();
                acceptLoop.callLater(Duration.ofMillis(100), this::resume);
                return;
            }
            if (ch == null) {
                return;
            }
            active.incrementAndGet();
            accepted.incrementAndGet();
            EventLoop target = options.loops == null ? acceptLoop : options.loops.next();
            if (target == acceptLoop) {
                startConnection(ch);
            } else {
                try {
                    target.callSoonThreadsafe(() -> startConnection(ch));
                } catch (IllegalStateException loopClosed) {
                    closeQuietly(ch);
                    connectionEnded();
                }
            }
        }
    }

    private void pause() {
        if (!paused && key.isValid()) {
            paused = true;
            key.interestOps(0);
        }
    }

    private void resume() {
        if (paused && !closing && key.isValid() && active.get() < options.maxConnections) {
            paused = false;
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** On the loop that will run the handler. */
    private void startConnection(SocketChannel ch) {
        TcpStream stream;
        try {
            stream = TcpStream.adopt(ch, Weft.loop(), options.streamOptions);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            connectionEnded();
            report("setting up a connection on " + address + " failed", e);
            return;
        }
        Task<?>[] self = new Task<?>[1];
        self[0] = Weft.spawn("conn " + stream.remoteAddress(), () -> {
            try {
                handler.handle(stream);
                if (!stream.isClosed()) {
                    stream.flush();     // what the handler wrote, it meant to send
                }
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
            // close() may have swept the handlers before this one was added
            Weft.loop().callLater(options.gracePeriod, self[0]::cancel);
        }
    }

    private void connectionEnded() {
        int left = active.decrementAndGet();
        if (closing) {
            if (left == 0) {
                drained.set();
            }
        } else if (paused && left < options.maxConnections) {
            if (Thread.currentThread().isVirtual() ? currentLoop() == acceptLoop : isAcceptLoop()) {
                resume();
            } else {
                try {
                    acceptLoop.callSoonThreadsafe(this::resume);
                } catch (IllegalStateException ignored) {
                    // the accepting loop has ended: nothing left to resume
                }
            }
        }
    }

    private boolean isAcceptLoop() {
        try {
            return Weft.loop() == acceptLoop;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void report(String what, Throwable error) {
        try {
            options.failureHandler.accept(what, error);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "the failure handler failed on: " + what, e);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        if (ch != null) {
            try {
                ch.close();
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
        if (!closing) {
            closing = true;
            if (isAcceptLoop()) {
                stopListening();
            } else {
                try {
                    acceptLoop.callSoonThreadsafe(this::stopListening);
                } catch (IllegalStateException loopGone) {
                    stopListening();
                }
            }
            if (active.get() == 0) {
                drained.set();
            }
        }
        try {
            if (!drained.await(options.gracePeriod)) {
                handlers.forEach(Task::cancel);
                drained.await();
            }
        } catch (CancellationException e) {
            handlers.forEach(Task::cancel);
            throw e;
        } finally {
            closedEvent.set();
        }
    }

    private void stopListening() {
        key.cancel();
        closeQuietly(channel);
        if (address instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException e) {
                report("could not delete the socket file " + unix.getPath(), e);
            }
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
        return active.get();
    }

    /** Connections accepted so far. */
    public long acceptedCount() {
        return accepted.get();
    }

    /** Handlers that ended by a failure (not by cancellation) so far. */
    public long failures() {
        return failures.get();
    }

    public boolean isClosing() {
        return closing;
    }

    @Override
    public String toString() {
        return "TcpServer[" + address + ", " + active.get() + " connections" + (closing ? ", closing" : "") + "]";
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
