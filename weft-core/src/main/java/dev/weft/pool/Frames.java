package dev.weft.pool;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The framing between a process pool and a worker, over the worker's stdin and stdout (never a
 * port): {@code int length | byte type | long id | payload}, where {@code length} counts the
 * type, the id and the payload. A RUN payload starts with its kind: 0, then a serialized
 * callable; or 1 for a map chunk, then {@code long fnKey | int n | n bytes of function | items},
 * where the function is sent to each worker once per map (later chunks send n = 0) and the
 * items are {@link Values}-encoded. Otherwise what a payload holds is {@link Codec}'s business,
 * and an OK's result is {@link Values}-encoded.
 *
 * <p>Parent to worker: {@link #INIT} (the initializer), {@link #RUN} (a job), {@link #CANCEL} (do
 * not start that job after all), {@link #KILL} (if that job is running, end this process at once
 * with status {@link #KILLED}; if it is over, carry on). Worker to parent:
 * {@link #READY} (started, initializer done), {@link #OK} (a result), {@link #ERR} (a failure),
 * {@link #STARTED} (it is about to call the job), {@link #SKIPPED} (a cancelled job it had not
 * started, and never will), {@link #INIT_FAILED}. The id ties an answer to its job; a worker
 * runs the jobs it gets in order, one at a time. A job whose STARTED never came was never
 * called, whatever happened to the worker: the pool may give it to another.
 *
 * <p>Implementation notes: writers flush every frame (a job waits for it); a reader refuses a
 * frame longer than its limit before allocating it, so a corrupt length cannot exhaust memory.
 */
final class Frames {
    static final byte INIT = 1;
    static final byte RUN = 2;
    static final byte CANCEL = 3;
    static final byte KILL = 4;
    static final byte READY = 10;
    static final byte OK = 11;
    static final byte ERR = 12;
    static final byte STARTED = 13;
    static final byte INIT_FAILED = 14;
    static final byte SKIPPED = 15;
    /** The payload of a frame that carries none (READY, STARTED, CANCEL…), and of a chunk without its function. */
    static final byte[] NO_PAYLOAD = new byte[0];

    /** The exit status of a worker that ended itself for a KILL. */
    static final int KILLED = 86;

    /** Bytes of a frame after its length and before its payload: type and id. */
    static final int HEADER = 9;

    private Frames() {
    }

    /** One frame as read. */
    record Frame(byte type, long id, byte[] payload) {
    }

    /** What a RUN frame carries: a serialized callable, or a map chunk (function key, function if new, items). */
    record Run(boolean chunk, long fnKey, byte[] fn, byte[] body) {
    }

    /** A RUN payload for a serialized callable. */
    static byte[] runCallable(byte[] serialized) {
        byte[] p = new byte[1 + serialized.length];
        System.arraycopy(serialized, 0, p, 1, serialized.length);
        return p;
    }

    /**
     * A RUN payload for a map chunk: {@code fn} is the serialized function, or empty if the
     * worker was sent it under {@code fnKey} before; {@code items} are {@link Values}-encoded.
     */
    static byte[] runChunk(long fnKey, byte[] fn, byte[] items) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + fn.length + items.length);
        b.put((byte) 1).putLong(fnKey).putInt(fn.length).put(fn).put(items);
        return b.array();
    }

    static Run parseRun(byte[] payload) throws IOException {
        if (payload.length == 0 || payload[0] > 1) {
            throw new IOException("a RUN frame of unknown kind");
        }
        if (payload[0] == 0) {
            return new Run(false, 0, null, Arrays.copyOfRange(payload, 1, payload.length));
        }
        ByteBuffer b = ByteBuffer.wrap(payload, 1, payload.length - 1);
        long key = b.getLong();
        int fnLength = b.getInt();
        if (fnLength < 0 || fnLength > b.remaining()) {
            throw new IOException("a RUN frame whose function length " + fnLength + " does not fit");
        }
        byte[] fn = new byte[fnLength];
        b.get(fn);
        byte[] items = new byte[b.remaining()];
        b.get(items);
        return new Run(true, key, fn, items);
    }

    /** Writes one frame and flushes it, under {@code out}'s monitor (frames from two threads never mix). */
    static void write(DataOutputStream out, byte type, long id, byte[] payload) throws IOException {
        synchronized (out) {
            writeHeld(out, type, id, payload);
            out.flush();
        }
    }

    /**
     * Writes one frame without flushing, so that the next one goes out in the same write; the
     * caller holds {@code out}'s monitor and flushes.
     */
    static void writeHeld(DataOutputStream out, byte type, long id, byte[] payload) throws IOException {
        out.writeInt(HEADER + payload.length);
        out.writeByte(type);
        out.writeLong(id);
        out.write(payload);
    }

    /**
     * Reads one frame, or returns null at a clean end of stream (between frames).
     *
     * @throws IOException on a torn frame, or one whose payload is longer than {@code maxBytes}
     */
    static Frame read(DataInputStream in, int maxBytes) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (length < HEADER || length - HEADER > maxBytes) {
            throw new IOException("a frame of " + length + " bytes is outside [" + HEADER + ", "
                    + ((long) maxBytes + HEADER) + "]: the stream is corrupt (something else wrote to it),"
                    + " or the frame is larger than ProcessPool.Options.maxFrameBytes allows");
        }
        byte type = in.readByte();
        long id = in.readLong();
        byte[] payload = new byte[length - HEADER];
        in.readFully(payload);
        return new Frame(type, id, payload);
    }

    /** A frame type's name, for error messages. */
    static String typeName(byte type) {
        return switch (type) {
            case INIT -> "INIT";
            case RUN -> "RUN";
            case CANCEL -> "CANCEL";
            case KILL -> "KILL";
            case READY -> "READY";
            case OK -> "OK";
            case ERR -> "ERR";
            case STARTED -> "STARTED";
            case INIT_FAILED -> "INIT_FAILED";
            case SKIPPED -> "SKIPPED";
            default -> "unknown type " + type;
        };
    }
}
