package dev.weft.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;

/**
 * The read side of a {@link TcpStream}: one input buffer shared by {@code read},
 * {@code readExactly}, {@code readUntil} and {@code readLine}, and the limits that keep it
 * bounded (the line limit, a {@code readUntil} limit, {@code maxRead}).
 *
 * <p>Implementation notes: {@code in} holds unread input between its position and limit, or
 * is null when none was ever buffered; it starts small and doubles up to the read's limit,
 * and a large one is dropped once drained. Bytes go straight from the socket into the
 * caller's buffer when none are buffered. {@code mayRead} saves the read that would fail: a
 * read that left room in its buffer drained the socket, so the next read waits for the
 * selector before it tries. Touched by one thread at a time, as the whole stream is.
 */
final class StreamInput {
    private static final int SMALL_BUFFER = 16 * 1024;
    private static final byte[] NEWLINE = {'\n'};

    private final TcpStream stream;
    private final Transport.Connection conn;
    private final TcpStream.Options options;
    private ByteBuffer in;
    private boolean mayRead = true;   // false once a read drained the socket, until the selector says more came
    private boolean eof;
    private long bytesRead;

    StreamInput(TcpStream stream, Transport.Connection conn, TcpStream.Options options) {
        this.stream = stream;
        this.conn = conn;
        this.options = options;
    }

    int read(ByteBuffer dst) {
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

    byte[] readExactly(int n) {
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

    String readLine() {
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

    /**
     * Up to and including {@code delimiter}, at most {@code limit} bytes. At the end of the
     * stream: what is left (null if nothing) when {@code partialAtEnd}, else a broken stream.
     */
    byte[] scanFor(byte[] delimiter, int limit, boolean partialAtEnd) {
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
                        + " from " + stream.remoteDescription(), limit);
            }
            if (eof) {
                if (!partialAtEnd) {
                    throw new BrokenResourceException("the peer closed the stream before " + describe(delimiter)
                            + " (" + avail + " bytes unread)");
                }
                if (avail == 0) {
                    return null;
                }
                byte[] rest = new byte[avail];
                in.get(rest);
                releaseInput();
                return rest;
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
        byte[] a = in.array();   // always a heap buffer: see fill
        int off = in.arrayOffset() + in.position();
        byte first = delimiter[0];
        for (int i = from; i + delimiter.length <= upTo; i++) {
            if (a[off + i] != first) {
                continue;
            }
            int j = 1;
            while (j < delimiter.length && a[off + i + j] == delimiter[j]) {
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

    /** Bytes read from the socket and not yet taken by a read. */
    int buffered() {
        return in == null ? 0 : in.remaining();
    }

    /** True once the peer has shut down its output. */
    boolean atEof() {
        return eof;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** The selector (or a thread's own wait) says input may have come: the next read tries the socket. */
    void mayHaveInput() {
        mayRead = true;
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
        try {
            int n = conn.read(dst);
            if (n > 0) {
                bytesRead += n;
                stream.waits.touch();
            } else if (n < 0) {
                eof = true;
            }
            // A read that left room in dst emptied the socket: the next one waits for the
            // selector instead of trying (and failing) first, which saves a system call.
            mayRead = n < 0 || (n > 0 && !dst.hasRemaining());
            return n;
        } catch (ClosedByInterruptException e) {
            stream.closeQuietly();
            throw new CancellationException("interrupted while reading; the stream was closed");
        } catch (ClosedChannelException e) {
            throw stream.closedError("read from");
        } catch (IOException e) {
            throw stream.brokenError(e);
        }
    }

    private void awaitInput() {
        stream.waits.awaitInput();
        stream.checkReadable();
    }
}
