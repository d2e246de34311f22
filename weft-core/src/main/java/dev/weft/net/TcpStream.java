package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.TimedOutException;
import dev.weft.WaitQueue;
import dev.weft.Weft;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
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
 * read, bytes already written stay queued. {@link #close()} never waits.
 *
 * <p>Implementation notes: on a loop, every field is touched only by that loop's thread (its
 * tasks and the {@link EventLoop.IoHandler} it calls), so none needs a lock; the wait queues
 * use this object as their monitor. The channel is non-blocking in both modes. Output left
 * queued is flushed by the I/O handler when the selector says the socket is writable, so a
 * task never waits to flush unless it drains. Read interest stays on after a wake-up so a
 * ping-pong costs no {@code epoll_ctl}; it is dropped when the selector reports input that no
 * reader waits for. {@code mayRead} saves the read that would fail: a read that left room in its
 * buffer drained the socket, so the next read waits for the selector before it tries. JDK
 * channels close themselves when an interrupted thread uses them, and a
 * task's interrupt flag stays set while its cancellation is pending, so each channel call
 * clears the flag for its duration and restores it after.
 */
public final class TcpStream implements AutoCloseable {
    private static final int SMALL_BUFFER = 16 * 1024;

    private final SocketChannel channel;
    private final EventLoop loop;          // null: a plain thread's stream
    private final boolean virtualTime;
    private final SelectionKey key;        // on the loop's selector; null for a thread's stream
    private Selector ownSelector;          // a thread's stream: its own, opened on first wait
    private final WaitQueue readers = new WaitQueue(this, this);
    private final WaitQueue writers = new WaitQueue(this, this);
    private final Options options;
    private Duration readTimeout;
    private Duration idleTimeout;
    private ByteBuffer in;                 // unread input between position and limit; null when none
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private long queued;
    private int interest;
    private boolean readerWaiting;
    private boolean mayRead = true;        // false once a read drained the socket, until the selector says more came
    private boolean eof;
    private boolean outputShut;
    private boolean shutdownPending;
    private boolean closed;
    private IOException broken;            // the error that ended output; reads go on
    private long lastActivity;
    private long bytesRead;
    private long bytesWritten;

    private TcpStream(SocketChannel channel, EventLoop loop, Options options) throws IOException {
        this.channel = channel;
        this.loop = loop;
        this.options = options;
        this.readTimeout = options.readTimeout;
        this.idleTimeout = options.idleTimeout;
        channel.configureBlocking(false);
        if (channel.getRemoteAddress() instanceof InetSocketAddress) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        if (loop != null) {
            this.virtualTime = loop.options().virtualTime();
            this.key = channel.register(loop.selector(), 0, (EventLoop.IoHandler) this::ready);
            this.lastActivity = loop.nanoTime();
        } else {
            this.virtualTime = false;
            this.key = null;
            this.lastActivity = System.nanoTime();
        }
    }

    // ---------------------------------------------------------------- opening

    /**
     * Connects to {@code host:port} over TCP. From a task, the task waits and the stream
     * belongs to its loop; from a plain thread, the thread blocks. {@code host} is resolved
     * with the JDK's resolver, which may block the loop briefly for names that are not
     * literal addresses or {@code localhost}.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller closes the half-open socket.
     *
     * @throws BrokenResourceException if the connection is refused or fails
     * @throws TimedOutException if it takes longer than the connect timeout
     */
    public static TcpStream connect(String host, int port) {
        return connect(new InetSocketAddress(host, port), Options.defaults());
    }

    /** {@link #connect(String, int)} with options. */
    public static TcpStream connect(String host, int port, Options options) {
        return connect(new InetSocketAddress(host, port), options);
    }

    /** Connects to a Unix-domain socket at {@code path}; otherwise as {@link #connect(String, int)}. */
    public static TcpStream connectUnix(Path path) {
        return connect(UnixDomainSocketAddress.of(path), Options.defaults());
    }

    /** Connects to an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}. */
    public static TcpStream connect(SocketAddress address, Options options) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        WaitQueue.checkCancelled("connect to " + address);
        EventLoop loop = currentLoop();
        SocketChannel ch = null;
        TcpStream stream = null;
        boolean ok = false;
        try {
            ch = address instanceof UnixDomainSocketAddress
                    ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            ch.configureBlocking(false);
            boolean intr = Thread.interrupted();
            boolean done;
            try {
                done = ch.connect(address);
            } finally {
                if (intr) {
                    Thread.currentThread().interrupt();
                }
            }
            stream = new TcpStream(ch, loop, options);
            if (!done) {
                stream.finishConnect(address);
            }
            ok = true;
            return stream;
        } catch (IOException | java.nio.channels.UnresolvedAddressException e) {
            throw new BrokenResourceException("cannot connect to " + address + ": " + e, e);
        } finally {
            if (!ok) {
                if (stream != null) {
                    stream.close();
                } else if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // nothing to report: the connect failure is
                    }
                }
            }
        }
    }

    /** Wraps a channel a server accepted, on the loop that will run its handler. */
    static TcpStream adopt(SocketChannel channel, EventLoop loop, Options options) throws IOException {
        return new TcpStream(channel, loop, options);
    }

    private void finishConnect(SocketAddress address) throws IOException {
        long deadline = now() + nanos(options.connectTimeout);
        while (true) {
            boolean intr = Thread.interrupted();
            try {
                if (channel.finishConnect()) {
                    lastActivity = now();
                    if (channel.getRemoteAddress() instanceof InetSocketAddress) {
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    }
                    return;
                }
            } finally {
                if (intr) {
                    Thread.currentThread().interrupt();
                }
            }
            long left = deadline - now();
            if (left <= 0 || !await(SelectionKey.OP_CONNECT, writers, left)) {
                throw new TimedOutException(options.connectTimeout);
            }
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
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (in != null && in.hasRemaining()) {
            int n = Math.min(in.remaining(), dst.remaining());
            int lim = in.limit();
            in.limit(in.position() + n);
            dst.put(in);
            in.limit(lim);
            releaseInput();
            return n;
        }
        if (eof) {
            return -1;
        }
        while (true) {
            int n = mayRead ? channelRead(dst) : 0;
            if (n != 0) {
                return n;
            }
            awaitInput();
        }
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
        while (buffered() < n) {
            if (eof) {
                throw new BrokenResourceException("the peer closed the stream after " + buffered() + " of the "
                        + n + " bytes expected");
            }
            fill(n);
        }
        byte[] result = new byte[n];
        if (n > 0) {
            in.get(result);
            releaseInput();
        }
        return result;
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
        byte[] found = scanFor(delimiter, limit, false);
        return found;
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
        byte[] line = scanFor(NEWLINE, options.lineLimit, true);
        if (line == null) {
            return null;
        }
        int len = line.length;
        if (len > 0 && line[len - 1] == '\n') {
            len--;
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
        }
        return new String(line, 0, len, StandardCharsets.UTF_8);
    }

    private static final byte[] NEWLINE = {'\n'};

    private byte[] scanFor(byte[] delimiter, int limit, boolean partialAtEnd) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("the delimiter is empty");
        }
        if (limit < delimiter.length || limit > options.maxRead) {
            throw new IllegalArgumentException("limit " + limit + " must be between the delimiter's length and the"
                    + " stream's maxRead " + options.maxRead);
        }
        checkReadable();
        int from = 0;
        while (true) {
            int avail = buffered();
            int end = indexOf(delimiter, from, Math.min(avail, limit));
            if (end >= 0) {
                byte[] result = new byte[end];
                in.get(result);
                releaseInput();
                return result;
            }
            if (avail >= limit) {
                throw new LimitExceededException("no " + describe(delimiter) + " within " + limit + " bytes"
                        + " from " + remoteDescription(), limit);
            }
            if (eof) {
                if (partialAtEnd) {
                    if (avail == 0) {
                        return null;
                    }
                    byte[] rest = new byte[avail];
                    in.get(rest);
                    releaseInput();
                    return rest;
                }
                throw new BrokenResourceException("the peer closed the stream before " + describe(delimiter)
                        + " (" + avail + " bytes unread)");
            }
            from = Math.max(0, avail - delimiter.length + 1);
            fill(limit);
        }
    }

    /** Offset just past the first {@code delimiter} that ends within the first {@code upTo} buffered bytes, or -1. */
    private int indexOf(byte[] delimiter, int from, int upTo) {
        if (in == null) {
            return -1;
        }
        int base = in.position();
        byte[] a = in.hasArray() ? in.array() : null;
        int off = in.hasArray() ? in.arrayOffset() + base : 0;
        byte first = delimiter[0];
        for (int i = from; i + delimiter.length <= upTo; i++) {
            if ((a != null ? a[off + i] : in.get(base + i)) != first) {
                continue;
            }
            int j = 1;
            while (j < delimiter.length && (a != null ? a[off + i + j] : in.get(base + i + j)) == delimiter[j]) {
                j++;
            }
            if (j == delimiter.length) {
                return i + delimiter.length;
            }
        }
        return -1;
    }

    private static String describe(byte[] delimiter) {
        if (delimiter.length == 1 && delimiter[0] == '\n') {
            return "end of line";
        }
        return "delimiter " + new String(delimiter, StandardCharsets.ISO_8859_1).replace("\r", "\\r")
                .replace("\n", "\\n");
    }

    private int buffered() {
        return in == null ? 0 : in.remaining();
    }

    /** Reads more input into the buffer, growing it up to {@code atMost} bytes; waits if none is there. */
    private void fill(int atMost) {
        if (in == null) {
            in = ByteBuffer.allocate(Math.min(Math.max(atMost, 256), SMALL_BUFFER)).flip();
        }
        in.compact();
        if (!in.hasRemaining()) {
            int cap = (int) Math.min((long) atMost, Math.max(in.capacity() * 2L, 256));
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(cap, in.capacity() + 1));
            in.flip();
            bigger.put(in);
            in = bigger;
        }
        try {
            while (true) {
                int n = mayRead ? channelRead(in) : 0;
                if (n != 0) {
                    return;
                }
                in.flip();
                try {
                    awaitInput();
                } finally {
                    in.compact();
                }
            }
        } finally {
            in.flip();
        }
    }

    /** Drops a drained input buffer, keeping a small one for reuse. */
    private void releaseInput() {
        if (in != null && !in.hasRemaining() && in.capacity() > SMALL_BUFFER) {
            in = null;
        }
    }

    private int channelRead(ByteBuffer dst) {
        boolean intr = Thread.interrupted();
        try {
            int n = channel.read(dst);
            if (n > 0) {
                bytesRead += n;
                touch();
            } else if (n < 0) {
                eof = true;
            }
            // A read that left room in dst emptied the socket: the next one waits for the
            // selector instead of trying (and failing) first, which saves a system call.
            mayRead = n < 0 || (n > 0 && !dst.hasRemaining());
            return n;
        } catch (ClosedByInterruptException e) {
            closeQuietly();
            throw new CancellationException("interrupted while reading; the stream was closed");
        } catch (ClosedChannelException e) {
            throw closedError("read from");
        } catch (IOException e) {
            throw brokenError(e);
        } finally {
            if (intr) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads fail only by their own errors: a write the peer refused leaves its input readable to the end. */
    private void checkReadable() {
        WaitQueue.checkCancelled(this);
        if (closed) {
            throw closedError("read from");
        }
    }

    private void awaitInput() {
        long wait = waitLimit(readTimeout);
        if (!await(SelectionKey.OP_READ, readers, wait)) {
            throw timedOut(readTimeout, "reading");
        }
        checkReadable();
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
        checkWritable();
        if (!src.hasRemaining()) {
            return;
        }
        if (queued == 0) {
            channelWrite(src);
            if (!src.hasRemaining()) {
                return;
            }
        }
        if (queued + src.remaining() > options.writeLimit && queued > 0) {
            drainTo(0);
            checkWritable();
            if (queued == 0) {
                channelWrite(src);
                if (!src.hasRemaining()) {
                    return;
                }
            }
        }
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        out.add(copy);
        queued += copy.remaining();
        wantWrite();
        if (loop == null) {
            drainTo(0);   // a thread's stream has nobody to flush for it
        }
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
        if (broken != null) {
            throw brokenError(broken);
        }
        if (queued > options.highWater) {
            drainTo(options.lowWater);
        }
    }

    /** Waits until everything written has been handed to the socket. A waiting point. */
    public void flush() {
        WaitQueue.checkCancelled(this);
        drainTo(0);
    }

    private void drainTo(long mark) {
        while (queued > mark) {
            if (closed) {
                throw closedError("drain");
            }
            if (broken != null) {
                throw brokenError(broken);
            }
            if (loop == null) {
                flushQueue();
                if (queued <= mark) {
                    break;
                }
            }
            long wait = waitLimit(null);
            if (!await(SelectionKey.OP_WRITE, writers, wait)) {
                throw timedOut(idleTimeout, "writing");
            }
        }
        if (broken != null) {
            throw brokenError(broken);
        }
    }

    private void channelWrite(ByteBuffer src) {
        boolean intr = Thread.interrupted();
        try {
            int n = channel.write(src);
            if (n > 0) {
                bytesWritten += n;
                touch();
            }
        } catch (ClosedByInterruptException e) {
            closeQuietly();
            throw new CancellationException("interrupted while writing; the stream was closed");
        } catch (ClosedChannelException e) {
            throw closedError("write to");
        } catch (IOException e) {
            broken = e;
            throw brokenError(e);
        } finally {
            if (intr) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writes queued output while the socket takes it; records a failure instead of throwing. */
    private void flushQueue() {
        try {
            ByteBuffer b;
            while ((b = out.peek()) != null) {
                int n = channel.write(b);
                if (n > 0) {
                    bytesWritten += n;
                    queued -= n;
                    touch();
                }
                if (b.hasRemaining()) {
                    return;
                }
                out.poll();
            }
            if (shutdownPending) {
                shutdownPending = false;
                channel.shutdownOutput();
            }
        } catch (IOException e) {
            if (broken == null) {
                broken = e;
            }
            out.clear();
            queued = 0;
        }
    }

    private void checkWritable() {
        if (closed) {
            throw closedError("write to");
        }
        if (outputShut) {
            throw new ClosedResourceException("cannot write to " + this + ": its output was shut down");
        }
        if (broken != null) {
            throw brokenError(broken);
        }
    }

    private void wantWrite() {
        if (loop != null && (interest & SelectionKey.OP_WRITE) == 0) {
            setInterest(interest | SelectionKey.OP_WRITE);
        }
    }

    /**
     * Sends the end of the stream to the peer once the queued output is flushed; this side
     * can still read. Never waits.
     */
    public void shutdownOutput() {
        if (closed || outputShut) {
            return;
        }
        outputShut = true;
        if (queued > 0) {
            shutdownPending = true;
            wantWrite();
            if (loop == null) {
                drainTo(0);
            }
            return;
        }
        try {
            channel.shutdownOutput();
        } catch (ClosedChannelException ignored) {
            // closed meanwhile: nothing left to shut
        } catch (IOException e) {
            if (broken == null) {
                broken = e;
            }
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
        if (closed) {
            return;
        }
        closeQuietly();
        synchronized (this) {
            readers.wakeAll(null);
            writers.wakeAll(null);
        }
        Selector s = ownSelector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the channel is closed already
            }
        }
    }

    private void closeQuietly() {
        closed = true;
        out.clear();
        queued = 0;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the descriptor is released either way
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** True once the peer has shut down its output and every byte before that has been read. */
    public boolean atEnd() {
        return eof && buffered() == 0;
    }

    // ---------------------------------------------------------------- waiting

    /**
     * The I/O handler: called by the loop on its thread when the selector finds the socket
     * ready. Flushes queued output, wakes readers and writers.
     */
    private void ready(SelectionKey k) {
        int ops = k.readyOps();
        int want = interest;
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flushQueue();
            if (out.isEmpty()) {
                want &= ~SelectionKey.OP_WRITE;
            }
            if (queued <= options.lowWater || broken != null) {
                synchronized (this) {
                    writers.wakeAll(null);
                }
            }
        }
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            want &= ~SelectionKey.OP_CONNECT;
            synchronized (this) {
                writers.wakeAll(null);
            }
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            mayRead = true;
            if (readerWaiting) {
                readerWaiting = false;
                synchronized (this) {
                    readers.wakeAll(null);
                }
            } else {
                want &= ~SelectionKey.OP_READ;   // input nobody waits for: stop hearing about it
            }
        }
        if (want != interest) {
            setInterest(want);
        }
    }

    private void setInterest(int ops) {
        interest = ops;
        if (key != null && key.isValid()) {
            key.interestOps(ops);
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
                    "no bytes moved on " + this + " for " + idleTimeout + " (idle timeout)"));
        }
        Duration d = readLimit != null ? readLimit : idleTimeout;
        return new TimedOutException(d, new BrokenResourceException("nothing arrived on " + this + " within "
                + d + " while " + doing));
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
            throw new IllegalStateException(this + " belongs to " + loop + "; use it only from that loop's tasks");
        }
        if (op == SelectionKey.OP_READ) {
            readerWaiting = true;
        }
        if ((interest & op) == 0) {
            setInterest(interest | op);
        }
        WaitQueue.Waiter w;
        synchronized (this) {
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
        WaitQueue.checkCancelled(this);
        try {
            if (ownSelector == null) {
                ownSelector = Selector.open();
                channel.register(ownSelector, 0);
            }
            SelectionKey k = channel.keyFor(ownSelector);
            k.interestOps(op);
            int n = timeoutNanos < 0 ? ownSelector.select()
                    : ownSelector.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            ownSelector.selectedKeys().clear();
            mayRead = true;
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new CancellationException(Thread.currentThread().getName() + " interrupted while waiting on " + this);
            }
            if (op == SelectionKey.OP_WRITE) {
                flushQueue();
            }
            return n > 0 || timeoutNanos < 0 || closed;
        } catch (ClosedSelectorException | ClosedChannelException e) {
            throw closedError("wait on");
        } catch (IOException e) {
            throw new BrokenResourceException("waiting on " + this + " failed: " + e.getMessage(), e);
        }
    }

    private long now() {
        return loop != null ? loop.nanoTime() : System.nanoTime();
    }

    /** Bytes moved: the idle clock starts again (read only while an idle timeout is set). */
    private void touch() {
        if (idleTimeout != null) {
            lastActivity = now();
        }
    }

    private static long nanos(Duration d) {
        try {
            return d.isNegative() ? 0 : d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private ClosedResourceException closedError(String what) {
        return new ClosedResourceException("cannot " + what + " " + this + ": it is closed");
    }

    private BrokenResourceException brokenError(IOException cause) {
        if (cause instanceof AsynchronousCloseException) {
            return new BrokenResourceException(this + " was closed under a pending operation", cause);
        }
        return new BrokenResourceException("the peer broke " + this + ": " + cause.getMessage(), cause);
    }

    // ---------------------------------------------------------------- settings and facts

    /** Sets how long a read may wait for input; null for no limit. Affects later waits. */
    public void setReadTimeout(Duration timeout) {
        this.readTimeout = timeout;
    }

    /** Sets how long the stream may stay idle (no byte in or out) before a wait times out; null for no limit. */
    public void setIdleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
        this.lastActivity = now();
    }

    public Options options() {
        return options;
    }

    /** The peer's address, or null if unknown or closed. */
    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** This side's address, or null if closed. */
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private String remoteDescription() {
        SocketAddress a = remoteAddress();
        return a == null ? "the peer" : a.toString();
    }

    /** Bytes moved so far, and what sits in the buffers now. */
    public Statistics statistics() {
        return new Statistics(bytesRead, bytesWritten, buffered(), queued);
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
