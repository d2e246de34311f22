package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/** I/O: appends 4 KiB records to a log file and forces each to storage (fdatasync), twice a unit. */
final class FsyncWrites implements Workload {
    static final int RECORD = 4096;
    static final long WRAP = 64L << 20;

    @Override
    public String name() {
        return "fsync-writes";
    }

    @Override
    public Bound label() {
        return Bound.IO;
    }

    @Override
    public String shape() {
        return "appends 4 KiB records and forces each to storage";
    }

    @Override
    public Prepared prepare() throws IOException {
        Path file = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "weft-log", ".bin");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        AtomicLong offset = new AtomicLong();
        ThreadLocal<ByteBuffer> records = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(RECORD));
        return new Prepared() {
            @Override
            public void unit() throws IOException {
                ByteBuffer record = records.get();
                for (int i = 0; i < 2; i++) {
                    record.clear();
                    record.putLong(0, System.nanoTime());
                    long at = offset.getAndAdd(RECORD) % WRAP;     // wraps: the file stays under 64 MiB
                    while (record.hasRemaining()) {
                        channel.write(record, at + record.position());
                    }
                    channel.force(false);
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
