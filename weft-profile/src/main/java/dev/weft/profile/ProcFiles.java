package dev.weft.profile;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads small kernel files ({@code /proc}, {@code /sys}) and counts its own read calls and
 * bytes, so that the profiler can take its own reading out of the process's I/O figures.
 *
 * <p>Implementation notes: one {@code read(2)} per {@link FileInputStream#read(byte[])} call,
 * which is what the kernel's {@code syscr} and {@code rchar} count; the counters are global
 * because the sampler thread and the measuring thread both read.
 */
final class ProcFiles {
    private static final AtomicLong READ_CALLS = new AtomicLong();
    private static final AtomicLong READ_BYTES = new AtomicLong();
    private static final AtomicLong WRITE_CALLS = new AtomicLong();
    private static final AtomicLong WRITE_BYTES = new AtomicLong();

    private ProcFiles() {
    }

    /** The file's whole text, or null when it cannot be read (a thread that just ended, no such file). */
    static String read(String path) {
        return read(path, 4096);
    }

    /** The file's whole text, starting with a buffer of {@code sizeHint} bytes (grown and read again if short). */
    static String read(String path, int sizeHint) {
        byte[] buf = new byte[sizeHint];
        int len;
        while ((len = readInto(path, buf)) == buf.length) {
            buf = new byte[buf.length * 4];                        // did not fit: read it again, whole
        }
        return len < 0 ? null : new String(buf, 0, len, StandardCharsets.US_ASCII);
    }

    /**
     * Reads the file into {@code buf} (as much as fits) without allocating a buffer: for the
     * sampler, which must touch as little heap as it can. Returns the length, or -1 if unreadable.
     */
    static int readInto(String path, byte[] buf) {
        try (FileInputStream in = new FileInputStream(path)) {
            int len = 0;
            while (len < buf.length) {
                int n = in.read(buf, len, buf.length - len);
                READ_CALLS.incrementAndGet();
                if (n < 0) {
                    break;
                }
                READ_BYTES.addAndGet(n);
                len += n;
            }
            return len;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Writes {@code text} to a kernel control file; false when that is not allowed here. */
    static boolean write(String path, String text) {
        try {
            Files.writeString(Path.of(path), text, StandardCharsets.US_ASCII);
            WRITE_CALLS.incrementAndGet();
            WRITE_BYTES.addAndGet(text.length());
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Read calls this process made through this class so far. */
    static long readCalls() {
        return READ_CALLS.get();
    }

    /** Write calls (one per {@link #write}) this process made through this class so far. */
    static long writeCalls() {
        return WRITE_CALLS.get();
    }

    /** Bytes this process wrote through this class so far. */
    static long writeBytes() {
        return WRITE_BYTES.get();
    }

    /** Bytes this process read through this class so far. */
    static long readBytes() {
        return READ_BYTES.get();
    }

    /** The value after {@code key} in a "key: value" or "key value" line, or -1. */
    static long field(String text, String key) {
        if (text == null) {
            return -1;
        }
        int at = text.startsWith(key) ? 0 : text.indexOf("\n" + key);
        if (at < 0) {
            return -1;
        }
        int i = at + (at == 0 ? 0 : 1) + key.length();
        while (i < text.length() && !Character.isDigit(text.charAt(i))) {
            if (text.charAt(i) == '\n') {
                return -1;
            }
            i++;
        }
        long v = 0;
        boolean any = false;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            v = v * 10 + (text.charAt(i++) - '0');
            any = true;
        }
        return any ? v : -1;
    }
}
