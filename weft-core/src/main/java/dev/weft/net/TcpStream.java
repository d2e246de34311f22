package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.TimedOutException;
import dev.weft.WaitQueue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * A connected byte stream — TCP or Unix-domain — with asyncio's stream API: {@link #read},
 * {@link #readExactly}, {@link #readLine}, {@link #readUntil}, {@link #write}, {@link #drain},
 * {@link #shutdownOutput}, {@link #close}.
 *
 * <p>A stream made in a task (by {@link #connect} or a {@link TcpServer}) belongs to that
 * task's loop: only tasks of that loop may use it, and a read or write that must wait
 * suspends the task while the loop's selector watches the socket. A stream made on a plain
 * thread blocks that thread instead (on a selector of its own); one thread at a time may use it.
 *
 * <p><b>Writing.</b> {@link #write} hands bytes to the socket at once and queues what the
 * socket does not take; it never waits while the queue is below the hard limit
 * ({@link Options#withWriteLimit}). {@link #drain()} waits while the queue is above the
 * high-water mark — call it after writing to get back-pressure from a slow reader. A write
 * that would push the queue past the hard limit drains first.
 *
 * <p><b>Limits and timeouts.</b> Every read has a size limit ({@link Options#withLineLimit},
 * the {@code limit} of {@link #readUntil}, {@link Options#withMaxRead} for
 * {@link #readExactly}); passing it throws {@link LimitExceededException}. A wait for input
 * longer than the read timeout, or any wait once nothing moved for the idle timeout, throws
 * {@link TimedOutException}.
 *
 * <p><b>Cancellation.</b> Every method that can wait ({@code read…}, {@code drain}, a
 * {@code write} past the hard limit, {@code connect}) is a cancellation point: a cancelled
 * caller throws {@link CancellationException}; bytes already read stay buffered for the next
 * read, bytes already written stay queued. {@link #close()} never waits. In a simulation,
 * every one of them, and {@code write}, {@code shutdownOutput} and {@code close}, is a switch
 * point, as every sync operation is.
 *
 * <p>A stream runs over its loop's {@link Transport}: the operating system's sockets unless
 * the loop carries another (a simulation's in-memory network), with the same semantics and
 * the same exceptions either way.
 *
 * <p>Implementation notes: this class is the contract and the state shared by its parts —
 * {@link StreamInput} (the read buffer and its limits), {@link StreamOutput} (the write queue,
 * its water marks and drain), {@link StreamWaits} (readiness, waiting and timeouts),
 * {@link Dialer} (the connect path) and the transport's {@link Transport.Connection} (a
 * {@link SocketConnection} for sockets). On a loop every field is touched only by that loop's
 * thread, so none needs a lock.
 */
public final class TcpStream implements AutoCloseable {
    final Transport.Connection conn;
    final StreamWaits waits;
    final StreamInput input;
    final StreamOutput output;
    private final Options options;
    private boolean closed;

    private TcpStream(Transport.Connection conn, EventLoop loop, Options options) throws IOException {
        this.conn = conn;
        this.options = options;
        this.waits = new StreamWaits(this, conn, loop, options);
        this.input = new StreamInput(this, conn, options);
        this.output = new StreamOutput(this, conn, options);
        waits.register();
    }

    /** A stream over {@code conn}, on {@code loop} (null: a plain thread's stream). */
    static TcpStream open(Transport.Connection conn, EventLoop loop, Options options) throws IOException {
        return new TcpStream(conn, loop, options);
    }

    // ---------------------------------------------------------------- opening

    /**
     * Connects to {@code host:port} over TCP. From a task, the task waits and the stream
     * belongs to its loop; from a plain thread, the thread blocks. {@code host} is resolved
     * by the loop's {@link Transport}: for sockets, the JDK's resolver, which may block the loop
     * briefly for names that are not literal addresses or {@code localhost}.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller closes the half-open socket.
     *
     * @throws BrokenResourceException if the connection is refused or fails
     * @throws TimedOutException if it takes longer than the connect timeout
     */
    public static TcpStream connect(String host, int port) {
        return connect(InetSocketAddress.createUnresolved(host, port), Options.defaults());
    }

    /** {@link #connect(String, int)} with options. */
    public static TcpStream connect(String host, int port, Options options) {
        return connect(InetSocketAddress.createUnresolved(host, port), options);
    }

    /** Connects to a Unix-domain socket at {@code path}; otherwise as {@link #connect(String, int)}. */
    public static TcpStream connectUnix(Path path) {
        return connect(UnixDomainSocketAddress.of(path), Options.defaults());
    }

    /** Connects to an {@link InetSocketAddress} (resolved first if it is not) or a {@link UnixDomainSocketAddress}. */
    public static TcpStream connect(SocketAddress address, Options options) {
        return Dialer.connect(address, options);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads what is available into {@code dst}, waiting until at least one byte is: returns
     * how many bytes it read, or -1 at the end of the stream (the peer shut down its output).
     * Bytes go straight from the socket into {@code dst} when none are buffered.
     *
     * <p><b>Cancellation.</b> A waiting point; nothing is lost: bytes are read only when the
     * wait is over.
     */
    public int read(ByteBuffer dst) {
        checkReadable();
        return input.read(dst);
    }

    /** Reads up to {@code max} bytes, waiting for at least one; an empty array at the end of the stream. */
    public byte[] read(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.min(max, options.maxRead));
        int n = read(b);
        return n <= 0 ? new byte[0] : Arrays.copyOf(b.array(), n);
    }

    /**
     * Reads exactly {@code n} bytes, waiting as long as it takes.
     *
     * <p><b>Cancellation.</b> A waiting point; the bytes read so far stay buffered.
     *
     * @throws BrokenResourceException if the stream ends first
     * @throws IllegalArgumentException if {@code n} passes the stream's {@code maxRead} limit
     */
    public byte[] readExactly(int n) {
        if (n < 0 || n > options.maxRead) {
            throw new IllegalArgumentException("readExactly(" + n + "): must be between 0 and the stream's maxRead "
                    + options.maxRead + " (Options.withMaxRead)");
        }
        checkReadable();
        return input.readExactly(n);
    }

    /**
     * Reads up to and including the next {@code delimiter}; the result is at most {@code limit}
     * bytes long, delimiter included.
     *
     * <p><b>Cancellation.</b> A waiting point; the bytes read so far stay buffered.
     *
     * @throws LimitExceededException if {@code limit} bytes arrive without the delimiter
     *         (they stay buffered)
     * @throws BrokenResourceException if the stream ends before the delimiter
     */
    public byte[] readUntil(byte[] delimiter, int limit) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("the delimiter is empty");
        }
        if (limit < delimiter.length || limit > options.maxRead) {
            throw new IllegalArgumentException("limit " + limit + " must be between the delimiter's length and the"
                    + " stream's maxRead " + options.maxRead);
        }
        checkReadable();
        return input.scanFor(delimiter, limit, false);
    }

    /**
     * Reads one line, ended by {@code \n} (a {@code \r} before it is dropped too), decoded as
     * UTF-8, without its ending; the last line may lack one. Null at the end of the stream.
     *
     * <p><b>Cancellation.</b> A waiting point; the bytes read so far stay buffered.
     *
     * @throws LimitExceededException if a line is longer than the stream's line limit
     */
    public String readLine() {
        checkReadable();
        return input.readLine();
    }

    /** Reads fail only by their own errors: a write the peer refused leaves its input readable to the end. */
    void checkReadable() {
        WaitQueue.checkCancelled(this);
        if (closed) {
            throw closedError("read from");
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes all of {@code data}; see {@link #write(ByteBuffer)}. */
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Writes {@code len} bytes of {@code data} from {@code off}; see {@link #write(ByteBuffer)}. */
    public void write(byte[] data, int off, int len) {
        write(ByteBuffer.wrap(data, off, len));
    }

    /**
     * Hands {@code src}'s remaining bytes to the socket and queues (copies) what it does not
     * take at once; {@code src} is consumed. Never waits unless the queue would pass the
     * hard write limit, in which case it first {@linkplain #drain() drains}.
     *
     * @throws ClosedResourceException after {@link #close()} or {@link #shutdownOutput()}
     * @throws BrokenResourceException if the peer reset the connection or stopped reading
     */
    public void write(ByteBuffer src) {
        output.write(src);
    }

    /**
     * Waits while more than the high-water mark of written bytes is still queued, until the
     * queue is down to the low-water mark: back-pressure from a slow reader. Returns at once
     * when little is queued.
     *
     * <p><b>Cancellation.</b> A waiting point; queued bytes stay queued.
     *
     * @throws BrokenResourceException if the peer broke the connection meanwhile
     */
    public void drain() {
        WaitQueue.checkCancelled(this);
        output.drain();
    }

    /** Waits until everything written has been handed to the socket. A waiting point. */
    public void flush() {
        WaitQueue.checkCancelled(this);
        output.drainTo(0);
    }

    /**
     * Sends the end of the stream to the peer once the queued output is flushed; this side
     * can still read. Never waits.
     */
    public void shutdownOutput() {
        WaitQueue.switchPoint(this);
        if (!closed) {
            output.shutdownOutput();
        }
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes the stream at once: output still queued is discarded (call {@link #flush()} or
     * {@link #drain()} first to keep it), and tasks waiting on the stream wake with
     * {@link ClosedResourceException}. Never waits; closing again does nothing.
     */
    @Override
    public void close() {
        WaitQueue.switchPoint(this);
        if (closed) {
            return;
        }
        closeQuietly();
        waits.wakeEveryone();
    }

    /** Closes without waking anyone: the one caller still inside the stream sees it closed. */
    void closeQuietly() {
        closed = true;
        output.discard();
        conn.close();
    }

    public boolean isClosed() {
        return closed;
    }

    /** True once the peer has shut down its output and every byte before that has been read. */
    public boolean atEnd() {
        return input.atEof() && input.buffered() == 0;
    }

    ClosedResourceException closedError(String what) {
        return new ClosedResourceException("cannot " + what + " " + this + ": it is closed");
    }

    BrokenResourceException brokenError(IOException cause) {
        if (cause instanceof AsynchronousCloseException) {
            return new BrokenResourceException(this + " was closed under a pending operation", cause);
        }
        return new BrokenResourceException("the peer broke " + this + ": " + cause.getMessage(), cause);
    }

    // ---------------------------------------------------------------- settings and facts

    /** Sets how long a read may wait for input; null for no limit. Affects later waits. */
    public void setReadTimeout(Duration timeout) {
        waits.setReadTimeout(timeout);
    }

    /** Sets how long the stream may stay idle (no byte in or out) before a wait times out; null for no limit. */
    public void setIdleTimeout(Duration timeout) {
        waits.setIdleTimeout(timeout);
    }

    public Options options() {
        return options;
    }

    /** The peer's address, or null if unknown or closed. */
    public SocketAddress remoteAddress() {
        return conn.remoteAddress();
    }

    /** This side's address, or null if closed. */
    public SocketAddress localAddress() {
        return conn.localAddress();
    }

    String remoteDescription() {
        SocketAddress a = remoteAddress();
        return a == null ? "the peer" : a.toString();
    }

    /** Bytes moved so far, and what sits in the buffers now. */
    public Statistics statistics() {
        return new Statistics(input.bytesRead(), output.bytesWritten(), input.buffered(), output.queued());
    }

    /** A stream's counters: bytes read and written so far, bytes buffered unread, bytes queued unsent. */
    public record Statistics(long bytesRead, long bytesWritten, int buffered, long queued) {
    }

    @Override
    public String toString() {
        SocketAddress a = closed ? null : remoteAddress();
        return "TcpStream[" + (a != null ? a : closed ? "closed" : "unconnected") + "]";
    }

    // ---------------------------------------------------------------- options

    /**
     * A stream's limits and timeouts. Immutable; every {@code with…} returns a new copy.
     * Defaults: no read timeout, no idle timeout, 10 s to connect, 64 KiB lines, 16 MiB per
     * read, high/low water 64/16 KiB, hard write limit 4 MiB.
     */
    public static final class Options {
        private static final Options DEFAULTS = new Options(null, null, Duration.ofSeconds(10), 64 * 1024,
                16 * 1024 * 1024, 64 * 1024, 16 * 1024, 4 * 1024 * 1024);

        final Duration readTimeout;
        final Duration idleTimeout;
        final Duration connectTimeout;
        final int lineLimit;
        final int maxRead;
        final int highWater;
        final int lowWater;
        final long writeLimit;

        private Options(Duration readTimeout, Duration idleTimeout, Duration connectTimeout, int lineLimit,
                        int maxRead, int highWater, int lowWater, long writeLimit) {
            this.readTimeout = readTimeout;
            this.idleTimeout = idleTimeout;
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (lineLimit < 1 || maxRead < lineLimit || lowWater < 0 || highWater < lowWater || writeLimit < highWater) {
                throw new IllegalArgumentException("need 1 <= lineLimit <= maxRead and 0 <= lowWater <= highWater"
                        + " <= writeLimit; got lineLimit " + lineLimit + ", maxRead " + maxRead + ", lowWater "
                        + lowWater + ", highWater " + highWater + ", writeLimit " + writeLimit);
            }
            this.lineLimit = lineLimit;
            this.maxRead = maxRead;
            this.highWater = highWater;
            this.lowWater = lowWater;
            this.writeLimit = writeLimit;
        }

        public static Options defaults() {
            return DEFAULTS;
        }

        /** How long one read may wait for input (null: no limit); passing it throws {@link TimedOutException}. */
        public Options withReadTimeout(Duration d) {
            return new Options(d, idleTimeout, connectTimeout, lineLimit, maxRead, highWater, lowWater, writeLimit);
        }

        /** How long no byte may move either way before any wait throws {@link TimedOutException}; null: no limit. */
        public Options withIdleTimeout(Duration d) {
            return new Options(readTimeout, d, connectTimeout, lineLimit, maxRead, highWater, lowWater, writeLimit);
        }

        public Options withConnectTimeout(Duration d) {
            return new Options(readTimeout, idleTimeout, d, lineLimit, maxRead, highWater, lowWater, writeLimit);
        }

        /** The longest line {@link #readLine()} returns, ending included. */
        public Options withLineLimit(int bytes) {
            return new Options(readTimeout, idleTimeout, connectTimeout, bytes, maxRead, highWater, lowWater, writeLimit);
        }

        /** The most one read may buffer: {@link #readExactly}'s largest count, {@link #readUntil}'s largest limit. */
        public Options withMaxRead(int bytes) {
            return new Options(readTimeout, idleTimeout, connectTimeout, lineLimit, bytes, highWater, lowWater, writeLimit);
        }

        /** {@link #drain()} waits while more than {@code high} bytes are queued, until no more than {@code low} are. */
        public Options withWaterMarks(int high, int low) {
            return new Options(readTimeout, idleTimeout, connectTimeout, lineLimit, maxRead, high, low, writeLimit);
        }

        /** The most {@link #write} queues before it waits like {@link #drain()}. */
        public Options withWriteLimit(long bytes) {
            return new Options(readTimeout, idleTimeout, connectTimeout, lineLimit, maxRead, highWater, lowWater, bytes);
        }

        public Duration readTimeout() {
            return readTimeout;
        }

        public Duration idleTimeout() {
            return idleTimeout;
        }

        @Override
        public String toString() {
            return "TcpStream.Options[readTimeout " + readTimeout + ", idleTimeout " + idleTimeout + ", lineLimit "
                    + lineLimit + ", maxRead " + maxRead + ", water " + highWater + "/" + lowWater + ", writeLimit "
                    + writeLimit + "]";
        }
    }
}
