package dev.weft.net;

import dev.weft.EventLoop;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.function.IntConsumer;

/**
 * Where {@link TcpStream}s and {@link TcpServer}s get their connections: the operating
 * system's sockets ({@link #sockets()}, the default), or another network a loop carries — the
 * in-memory network of a {@code dev.weft.test} simulation, for one. Code written against
 * {@code TcpServer.start} and {@code TcpStream.connect} runs on either, unchanged.
 *
 * <p>A loop carries a transport as a service of its options:
 * {@code EventLoop.Options.defaults().withService(transport)}. Streams and servers made by that
 * loop's tasks use it; every other loop, and every plain thread, keeps the sockets. Nothing is
 * global, so a simulation and a real server run side by side in one JVM.
 *
 * <p>A transport is a low-level, non-blocking thing, as NIO channels are: no call waits;
 * {@code read} and {@code write} move what they can at once, and readiness is reported through
 * the callback a stream or server gives at {@code start}, on the loop's thread, between task
 * steps, whenever it may have changed while interest in it is set (level-triggered, as a
 * selector is). The stream does all the waiting, buffering, limits, timeouts and error mapping
 * itself — and makes its own switch points for a simulation, through {@code WaitQueue} — so
 * every transport shows the same semantics and the same exceptions: a transport
 * reports a closed end with {@link java.nio.channels.ClosedChannelException}, a reset or broken
 * connection with another {@link IOException}, and a refused connect from
 * {@link Connection#finishConnect()}.
 */
public interface Transport {
    /** Interest in, or readiness for, reading: input (or the end of it, or an error) is there. */
    int READ = 1;
    /** Interest in, or readiness for, writing: the connection takes more output now. */
    int WRITE = 4;
    /** Interest in, or readiness of, the end of a connect: {@link Connection#finishConnect()} will say how it went. */
    int CONNECT = 8;

    /**
     * Starts connecting to {@code remote}: an {@link java.net.InetSocketAddress} (which the
     * transport resolves if it is unresolved) or a {@link java.net.UnixDomainSocketAddress}.
     * Never waits; the connection is made once {@link Connection#finishConnect()} says so.
     */
    Connection connect(SocketAddress remote) throws IOException;

    /** Binds a listener to {@code at}, at most {@code backlog} clients waiting to be accepted. */
    Listener listen(SocketAddress at, int backlog) throws IOException;

    /** The operating system's TCP and Unix-domain sockets, on each loop's own selector. */
    static Transport sockets() {
        return SocketTransport.INSTANCE;
    }

    /** The transport {@code loop} carries, or the sockets for a loop without one (and for null: a plain thread). */
    static Transport of(EventLoop loop) {
        Transport t = loop == null ? null : loop.options().service(Transport.class);
        return t != null ? t : sockets();
    }

    /** One end of a connection. Used by one loop's thread at a time. */
    interface Connection {
        /**
         * Called once by the stream of a loop, on {@code loop}'s thread, before it uses the
         * connection: from now on readiness goes to {@code ready}, as a set of {@link #READ},
         * {@link #WRITE} and {@link #CONNECT} bits, on that thread. (A plain thread's stream,
         * always on sockets, never calls it.)
         */
        void start(EventLoop loop, IntConsumer ready) throws IOException;

        /** The operations whose readiness the stream wants to hear of now (0 for none). */
        void interest(int ops);

        /** True once the connection is made; false while it is still being made. */
        boolean finishConnect() throws IOException;

        /** Moves what input there is into {@code dst}: how many bytes, 0 if none is there, -1 at its end. */
        int read(ByteBuffer dst) throws IOException;

        /** Takes what output it can from {@code src} now: how many bytes, 0 if it takes none. */
        int write(ByteBuffer src) throws IOException;

        /** Sends the end of this side's output once what was written before it has gone. */
        void shutdownOutput() throws IOException;

        /** Closes this end at once. Never waits, never throws; closing again does nothing. */
        void close();

        /** The peer's address, or null if unknown or closed. */
        SocketAddress remoteAddress();

        /** This end's address, or null if closed. */
        SocketAddress localAddress();

        /**
         * True when readiness comes from outside the loop, as an operating-system socket's does:
         * while a task waits on such a connection a loop on a virtual clock does not jump its
         * clock, since real I/O takes real time. A network whose deliveries are timers of the
         * loop itself answers false.
         */
        default boolean readyFromOutside() {
            return false;
        }
    }

    /** A listening end. Used by its accepting loop's thread. */
    interface Listener {
        /** Called once, on the accepting loop's thread: from now on {@code acceptable} runs there when clients wait. */
        void start(EventLoop loop, Runnable acceptable) throws IOException;

        /** Starts or stops hearing about waiting clients (they wait in the backlog meanwhile). */
        void accepting(boolean on);

        /** True until {@link #close()}. */
        boolean isOpen();

        /** The next waiting client, or null if none waits. */
        Connection accept() throws IOException;

        /** The bound address, with the port chosen if it was 0. */
        SocketAddress address();

        /**
         * Stops listening; clients still waiting are refused.
         *
         * @throws IOException if something was left behind (a Unix-domain socket file); the listener is closed anyway
         */
        void close() throws IOException;
    }
}
