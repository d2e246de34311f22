package dev.weft.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named segment of memory that several processes map at once and read and write without
 * copying: Python's {@code multiprocessing.shared_memory.SharedMemory}. For arrays too big to
 * send to a worker: the parent creates the segment, the job captures its {@link #name()}, and the
 * worker opens it.
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.create(8L * n)) {
 *     String name = shm.name();
 *     long sum = pool.submit(() -> {
 *         try (SharedMemory in = SharedMemory.open(name)) {
 *             return sumOfLongs(in.segment());
 *         }
 *     }).join();
 *     shm.unlink();
 * }
 * }</pre>
 *
 * <p>The segment is a file mapped into memory, in {@code /dev/shm} where that exists (memory,
 * never disk) and in the temp folder otherwise. Every process sees every write; order and
 * atomicity across processes are the caller's to arrange, as between threads: use the
 * segment's {@link java.lang.invoke.VarHandle}s (acquire/release, compare-and-set,
 * get-and-add on aligned offsets). The name lives until {@link #unlink()}, or until the
 * process that created it exits; {@link #close()} unmaps it in this process only.
 *
 * <p>Implementation notes: each instance maps the file once, in its own shared {@link Arena},
 * so {@link #segment()} may be used by every thread of the process and becomes unusable after
 * {@link #close()}. Names the creating process has not unlinked are removed by a shutdown hook.
 */
public final class SharedMemory implements AutoCloseable {
    private static final String PREFIX = "weft-shm-";
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            for (Path p : CREATED) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the process is exiting; nothing else to do
                }
            }
        }));
    }

    private final String name;
    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;

    private SharedMemory(String name, Path path, Arena arena, MemorySegment segment) {
        this.name = name;
        this.path = path;
        this.arena = arena;
        this.segment = segment;
    }

    /** A new segment of {@code bytes} zeroed bytes with a fresh name. */
    public static SharedMemory create(long bytes) {
        return create("auto-" + UUID.randomUUID(), bytes);
    }

    /**
     * A new segment of {@code bytes} zeroed bytes under {@code name}: letters, digits,
     * {@code .}, {@code _} and {@code -}, at most 200 of them.
     *
     * @throws IllegalStateException if a segment of that name exists, or there is not room for it
     */
    public static SharedMemory create(String name, long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a shared memory segment needs at least 1 byte, not " + bytes);
        }
        Path path = pathOf(name);
        try {
            long free = Files.getFileStore(path.getParent()).getUsableSpace();
            if (bytes > free) {
                throw new IllegalStateException("shared memory '" + name + "' needs " + bytes + " bytes, but "
                        + path.getParent() + " has only " + free + " free");
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                CREATED.add(path);
                ch.write(ByteBuffer.wrap(new byte[1]), bytes - 1);   // sized, not filled: pages come on first touch
                return map(name, path, ch, bytes);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("shared memory '" + name + "' exists already: open it, or unlink it first", e);
        } catch (IOException e) {
            CREATED.remove(path);
            throw new UncheckedIOException("cannot create shared memory '" + name + "' at " + path, e);
        }
    }

    /**
     * The segment named {@code name}, created by this or another process, mapped whole.
     *
     * @throws IllegalStateException if there is none of that name
     */
    public static SharedMemory open(String name) {
        Path path = pathOf(name);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return map(name, path, ch, ch.size());
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("there is no shared memory named '" + name + "' (looked for " + path + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open shared memory '" + name + "' at " + path, e);
        }
    }

    private static SharedMemory map(String name, Path path, FileChannel ch, long bytes) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            return new SharedMemory(name, path, arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Path pathOf(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]{1,200}") || name.startsWith(".")) {
            throw new IllegalArgumentException("a shared memory name is 1 to 200 letters, digits, '.', '_' or '-',"
                    + " not starting with '.'; not '" + name + "'");
        }
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve(PREFIX + name);
    }

    /** The name other processes open it by. */
    public String name() {
        return name;
    }

    /** Its size in bytes. */
    public long byteSize() {
        return segment.byteSize();
    }

    /** The file behind it. */
    public Path path() {
        return path;
    }

    /**
     * The mapped bytes, for every thread of this process, until {@link #close()}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public MemorySegment segment() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("shared memory '" + name + "' is closed in this process");
        }
        return segment;
    }

    /**
     * Removes the name: no process can open it any more, and its memory is freed once every
     * process that has it open closes it. Idempotent.
     */
    public void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlink shared memory '" + name + "'", e);
        } finally {
            CREATED.remove(path);
        }
    }

    /** Unmaps it in this process; the segment and its name stay for the others. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            try {
                arena.close();
            } catch (IllegalStateException closedConcurrently) {
                // another thread closed it first
            }
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + segment.byteSize() + " bytes" + (arena.scope().isAlive() ? "" : ", closed")
                + "]";
    }
}
