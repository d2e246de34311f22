package dev.weft.pool;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Shorter worker start-up through the JDK's ahead-of-time cache (class-data sharing, JDK 25's
 * {@code -XX:AOTCache}): the classes a worker loads, already parsed and linked, mapped from a
 * file instead of loaded one by one.
 *
 * <p>The first pool on a machine for a given JDK, class path and worker command finds no cache
 * and starts a <em>trainer</em> beside its workers: a worker JVM that runs a few built-in jobs in
 * memory and writes the cache as it exits ({@code -XX:AOTCacheOutput}). Workers started after
 * that use it. The cache needs a class path of jar files (the JDK cannot cache classes from
 * directories); otherwise it stays off, and {@link #status()} says why.
 *
 * <p>Implementation notes: the file's name is a digest of everything the JDK checks a cache
 * against (the JDK, the worker's options, each class-path jar's path, size and time), so a
 * rebuilt jar gets a fresh cache instead of a refused one. One trainer per cache file at a time:
 * within this JVM through {@code TRAINING}, across JVMs through a lock file older ones time out
 * of. A trainer writes to a temporary file moved into place once it exits cleanly; one that fails
 * leaves a {@code .failed} mark so that no later pool tries again. The trainer is a child of the
 * pool and ends before the pool's {@code close()} returns. The folder keeps the {@value #KEPT}
 * caches used last.
 */
final class StartupCache {
    static final Duration TRAINER_TIMEOUT = Duration.ofSeconds(60);
    /** Caches kept in the folder; each is some 14 MB. */
    static final int KEPT = 8;
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final String off;
    private volatile Process trainer;
    private volatile CompletableFuture<Void> trained = CompletableFuture.completedFuture(null);

    private StartupCache(Path file, String off) {
        this.file = file;
        this.off = off;
    }

    /** The cache for workers started with {@code command}, or one that is off (and why). */
    static StartupCache of(boolean enabled, Path dir, WorkerCommand command) {
        if (!enabled) {
            return new StartupCache(null, "off (ProcessPool.Options.startupCache(false))");
        }
        MessageDigest digest = sha256();
        digest.update(Codec.utf8(Runtime.version() + "\0" + command.line(List.of())));
        for (String entry : command.classPath().split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.isEmpty() || !Files.isRegularFile(p)) {
                return new StartupCache(null, "off: the class path has '" + entry
                        + "', which is not a jar file (the JDK caches classes from jar files only)");
            }
            try {
                digest.update(Codec.utf8("\0" + Files.size(p) + "\0" + Files.getLastModifiedTime(p).toMillis()));
            } catch (IOException e) {
                return new StartupCache(null, "off: cannot read " + entry + ": " + e.getMessage());
            }
        }
        String key = HexFormat.of().formatHex(digest.digest(), 0, 12);
        Path file = dir.resolve("worker-" + key + ".aot");
        try {
            if (Files.exists(file)) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));   // in use: the last to be pruned
            }
        } catch (IOException ignored) {
            // only the pruning order suffers
        }
        return new StartupCache(file, null);
    }

    /** The flags a worker starts with now: the cache if it is there, else none. */
    List<String> flags() {
        return file != null && Files.isReadable(file) ? List.of("-XX:AOTCache=" + file) : List.of();
    }

    /** Starts a trainer if the cache is on, missing, and no one is making it. */
    void trainIfMissing(WorkerCommand command) {
        if (file == null || Files.exists(file) || Files.exists(marker(".failed")) || !TRAINING.add(file)) {
            return;
        }
        Path lock = marker(".lock");
        Path tmp = marker("." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            takeLock(lock);
            ProcessBuilder pb = command.builder(List.of("-XX:AOTCacheOutput=" + tmp), "--train")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(marker(".train.log").toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            trainer = p;
            var timeout = Waits.schedule(TRAINER_TIMEOUT.toNanos(), p::destroyForcibly);
            trained = p.onExit().thenAccept(done -> {
                timeout.cancel(false);
                settle(done.exitValue(), tmp, lock);
            });
        } catch (IOException e) {
            TRAINING.remove(file);
        }
    }

    private void takeLock(Path lock) throws IOException {
        try {
            Files.createFile(lock);
        } catch (FileAlreadyExistsException e) {
            Instant stale = Instant.now().minus(TRAINER_TIMEOUT.multipliedBy(2));
            if (Files.getLastModifiedTime(lock).toInstant().isAfter(stale)) {
                throw new IOException("another process is making " + file);
            }
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));
        }
    }

    private void settle(int status, Path tmp, Path lock) {
        try {
            if (status == 0 && Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune(file.getParent());
            } else {
                Files.writeString(marker(".failed"), "the trainer ended with exit status " + status
                        + "; see " + marker(".train.log") + "\n");
            }
        } catch (IOException e) {
            // no cache this time; workers start without one
        } finally {
            try {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(lock);
            } catch (IOException ignored) {
                // a stale lock times out
            }
            trainer = null;
            TRAINING.remove(file);
        }
    }

    /** Removes all but the {@value #KEPT} caches used last (a rebuilt jar leaves its old cache behind). */
    private static void prune(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> caches = files.filter(p -> p.getFileName().toString().matches("worker-[0-9a-f]+\\.aot"))
                    .sorted(Comparator.comparing(StartupCache::modified).reversed()).toList();
            for (Path old : caches.subList(Math.min(KEPT, caches.size()), caches.size())) {
                for (String suffix : List.of("", ".train.log", ".failed")) {
                    Files.deleteIfExists(old.resolveSibling(old.getFileName() + suffix));
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // pruning is housekeeping: try again after the next training
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Done once no trainer of this pool runs; its completion may run on a JDK thread. */
    CompletableFuture<Void> trained() {
        return trained;
    }

    /** Kills the trainer, if one runs (the JVM is exiting, or the pool was told to stop now). */
    void killTrainer() {
        Process p = trainer;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The pids of the trainer and what it started, if it runs. */
    List<Long> pids() {
        Process p = trainer;
        return p == null ? List.of() : Stream.concat(Stream.of(p.toHandle()), p.descendants()).map(ProcessHandle::pid).toList();
    }

    /** "in use: FILE", "training: FILE", "missing: FILE" or "off…: why". */
    String status() {
        if (file == null) {
            return off;
        }
        return (trainer != null ? "training: " : Files.exists(file) ? "in use: " : "missing: ") + file;
    }

    private Path marker(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** A SHA-256 digest, which every JDK has. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
