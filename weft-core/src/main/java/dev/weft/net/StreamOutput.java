package dev.weft.net;

import dev.weft.WaitQueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;

/**
 * The write side of a {@link TcpStream}: bytes go to the socket at once, and what it does not
 * take waits in a queue bounded by the hard write limit; {@code drain} waits while the queue is
 * above the high-water mark until it is down to the low-water mark; a shutdown of the output
 * waits behind the queue.
 *
 * <p>Implementation notes: {@code queued} is the sum of the remaining bytes of {@code out}.
 * On a loop the I/O handler flushes the queue when the selector says the socket is writable,
 * so a task never waits to flush unless it drains; a plain thread's stream has nobody to flush
 * for it and drains each write. {@code broken} is the error that ended output: every later
 * write and drain throws it, while reads go on to the end of the peer's input.
 */
final class StreamOutput {
    private final TcpStream stream;
    private final Transport.Connection conn;
    private final TcpStream.Options options;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private long queued;
    private boolean outputShut;
    private boolean shutdownPending;
    private IOException broken;
    private long bytesWritten;

    StreamOutput(TcpStream stream, Transport.Connection conn, TcpStream.Options options) {
        this.stream = stream;
        this.conn = conn;
        this.options = options;
    }

    void write(ByteBuffer src) {
        WaitQueue.switchPoint(stream);
        checkWritable();
        if (!src.hasRemaining()) {
            return;
        }
        if (queued > 0 && queued + src.remaining() > options.writeLimit) {
            drainTo(0);   // over the limit: wait until what is queued has gone
            checkWritable();
        }
        if (queued == 0) {
            channelWrite(src);
            if (!src.hasRemaining()) {
                return;
            }
        }
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        out.add(copy);
        queued += copy.remaining();
        stream.waits.wantWrite();
        if (stream.waits.onThread()) {
            drainTo(0);   // a thread's stream has nobody to flush for it
        }
    }

    void drain() {
        if (broken != null) {
            throw stream.brokenError(broken);
        }
        if (queued > options.highWater) {
            drainTo(options.lowWater);
        }
    }

    /** Waits until no more than {@code mark} bytes are queued. A waiting point. */
    void drainTo(long mark) {
        while (queued > mark) {
            if (stream.isClosed()) {
                throw stream.closedError("drain");
            }
            if (broken != null) {
                throw stream.brokenError(broken);
            }
            if (stream.waits.onThread()) {
                flushQueue();
                if (queued <= mark) {
                    break;
                }
            }
            stream.waits.awaitOutput();
        }
        if (broken != null) {
            throw stream.brokenError(broken);
        }
    }

    private void channelWrite(ByteBuffer src) {
        try {
            int n = conn.write(src);
            if (n > 0) {
                bytesWritten += n;
                stream.waits.touch();
            }
        } catch (ClosedByInterruptException e) {
            stream.closeQuietly();
            throw new CancellationException("interrupted while writing; the stream was closed");
        } catch (ClosedChannelException e) {
            throw stream.closedError("write to");
        } catch (IOException e) {
            broken = e;
            throw stream.brokenError(e);
        }
    }

    /** Writes queued output while the socket takes it; records a failure instead of throwing. */
    void flushQueue() {
        try {
            ByteBuffer b;
            while ((b = out.peek()) != null) {
                int n = conn.write(b);
                if (n > 0) {
                    bytesWritten += n;
                    queued -= n;
                    stream.waits.touch();
                }
                if (b.hasRemaining()) {
                    return;
                }
                out.poll();
            }
            if (shutdownPending) {
                shutdownPending = false;
                conn.shutdownOutput();
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
        if (stream.isClosed()) {
            throw stream.closedError("write to");
        }
        if (outputShut) {
            throw new ClosedResourceException("cannot write to " + stream + ": its output was shut down");
        }
        if (broken != null) {
            throw stream.brokenError(broken);
        }
    }

    void shutdownOutput() {
        if (outputShut) {
            return;
        }
        outputShut = true;
        if (queued > 0) {
            shutdownPending = true;
            stream.waits.wantWrite();
            if (stream.waits.onThread()) {
                drainTo(0);
            }
            return;
        }
        try {
            conn.shutdownOutput();
        } catch (ClosedChannelException ignored) {
            // closed meanwhile: nothing left to shut
        } catch (IOException e) {
            if (broken == null) {
                broken = e;
            }
        }
    }

    /** The stream closed: queued output is dropped. */
    void discard() {
        out.clear();
        queued = 0;
    }

    boolean isEmpty() {
        return out.isEmpty();
    }

    /** True when writers waiting in drain may go on: the queue is down to the low-water mark, or output broke. */
    boolean atLowWater() {
        return queued <= options.lowWater || broken != null;
    }

    long queued() {
        return queued;
    }

    long bytesWritten() {
        return bytesWritten;
    }
}
