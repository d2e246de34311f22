package dev.weft.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up cache: off, and saying why, for a class path with directories (as under Maven's
 * test runner); for a class path of jars, made once by a trainer and then used by workers.
 */
@Timeout(120)
@ExtendWith(SharedPools.Resolver.class)
class StartupCacheTest {
    /** Weft's own classes as one jar, the way an application ships them. */
    private static Path weftJar(Path dir) throws Exception {
        Path classes = Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("weft.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void isOffForAClassPathWithDirectoriesAndSaysWhy(ProcessPool shared) {
        assertThat(shared.statistics().startupCache())
                .startsWith("off: the class path has").contains("not a jar file");
        WorkerCommand c = WorkerCommand.build(ProcessPool.Options.workers(1), AllowList.defaults());
        assertThat(StartupCache.of(false, Path.of("/nowhere"), c).status()).contains("startupCache(false)");
    }

    @Test
    void aTrainerMakesTheCacheOnceAndWorkersStartFromIt(@TempDir Path dir) throws Exception {
        WorkerCommand base = WorkerCommand.build(ProcessPool.Options.workers(1), AllowList.defaults());
        WorkerCommand command = new WorkerCommand(base.jvmOptions(), weftJar(dir).toString());
        StartupCache cache = StartupCache.of(true, dir.resolve("cache"), command);
        assertThat(cache.status()).startsWith("missing: ");
        assertThat(cache.flags()).isEmpty();

        cache.trainIfMissing(command);
        assertThat(cache.status()).startsWith("training: ");
        cache.trained().join();
        assertThat(cache.status()).startsWith("in use: ");
        assertThat(cache.flags()).singleElement().asString().startsWith("-XX:AOTCache=");
        try (Stream<Path> left = Files.list(dir.resolve("cache"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".lock") || n.endsWith(".failed"));
        }

        StartupCache again = StartupCache.of(true, dir.resolve("cache"), command);
        again.trainIfMissing(command);
        assertThat(again.status()).as("no second trainer").startsWith("in use: ");

        Process worker = command.builder(cache.flags()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        try (DataInputStream in = new DataInputStream(worker.getInputStream())) {
            assertThat(Frames.read(in, 1024).type()).isEqualTo(Frames.READY);
            worker.getOutputStream().close();
        }
        assertThat(worker.waitFor()).isZero();
        assertThat(new String(worker.getErrorStream().readAllBytes())).as("the JVM took the cache quietly").isEmpty();
    }

    @Test
    void aDifferentClassPathGetsADifferentCache(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.jar"), "a");
        Path b = Files.writeString(dir.resolve("b.jar"), "bb");
        List<String> options = List.of("-Dx=1");
        String fa = StartupCache.of(true, dir, new WorkerCommand(options, a.toString())).status();
        String fb = StartupCache.of(true, dir, new WorkerCommand(options, b.toString())).status();
        assertThat(fa).startsWith("missing: ").isNotEqualTo(fb);
    }
}
