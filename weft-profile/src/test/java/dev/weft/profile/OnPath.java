package dev.weft.profile;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a program on the PATH, for tests that need one (perf, python3, chromium) and skip without it. */
public final class OnPath {
    private OnPath() {
    }

    /** The first of {@code names} found on the PATH, as a path. */
    public static Optional<String> find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(names).flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }
}
