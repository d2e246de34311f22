package dev.weft.profile.suite;

import com.sun.nio.file.ExtendedOpenOption;
import dev.weft.profile.Bound;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * I/O: reads 1 MiB of a 16 MiB file from the device in 128 KiB blocks at random offsets, with
 * O_DIRECT so that each read goes to storage, not the page cache. Where the file system refuses
 * O_DIRECT (tmpfs), it reads through the page cache instead, which {@link #shape()} then says.
 */
final class DirectFileReads implements Workload {
    static final int FILE = 16 << 20;
    static final int BLOCK = 128 << 10;
    private volatile boolean direct = true;

    @Override
    public String name() {
        return "direct-file-reads";
    }

    @Override
    public Bound label() {
        return Bound.IO;
    }

    @Override
    public String shape() {
        return direct ? "random 128 KiB reads of a file with O_DIRECT (from the device)"
                : "random 128 KiB reads of a file (page cache: this file system refuses O_DIRECT)";
    }

    @Override
    public Prepared prepare() throws IOException {
        Path file = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "weft-reads", ".bin");
        byte[] chunk = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(chunk);
        try (FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int i = 0; i < FILE / chunk.length; i++) {
                w.write(ByteBuffer.wrap(chunk));
            }
            w.force(true);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, new OpenOption[] {StandardOpenOption.READ, ExtendedOpenOption.DIRECT});
        } catch (IOException | UnsupportedOperationException e) {
            direct = false;
            ch = FileChannel.open(file, StandardOpenOption.READ);
        }
        FileChannel channel = ch;
        AtomicLong seed = new AtomicLong();
        ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(
                () -> ByteBuffer.allocateDirect(BLOCK + 4096).alignedSlice(4096).limit(BLOCK));
        return new Prepared() {
            @Override
            public void unit() throws IOException {
                ByteBuffer buf = buffers.get();
                SplittableRandom random = new SplittableRandom(seed.incrementAndGet());
                for (int i = 0; i < (1 << 20) / BLOCK; i++) {
                    long at = (long) random.nextInt(FILE / BLOCK) * BLOCK;
                    buf.clear().limit(BLOCK);
                    while (buf.hasRemaining() && channel.read(buf, at + buf.position()) > 0) {
                        // a short read continues where it stopped
                    }
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
                Files.deleteIfExists(file);
            }
        };
    }
}
