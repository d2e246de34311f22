package dev.weft.profile;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Profiles a Java program's {@code main} in a JVM of its own: {@code weft classify --main
 * com.example.App -cp app.jar}. The child JVM runs this class's {@link #main}, which measures the
 * program's {@code main} with {@link Profiler} (so allocation, GC and every thread are seen from
 * inside) and writes the profile and the verdict to a file the parent then prints.
 *
 * <p>A program that calls {@code System.exit} ends its JVM before the window closes: the
 * report then says so, and {@code weft classify -- java …} measures it from outside instead.
 */
public final class MainProfiler {
    private MainProfiler() {
    }

    /** The report and the child JVM's exit status. */
    public record Result(String report, int exitCode) {
    }

    /**
     * Runs {@code mainClass} from {@code classPath} in a child JVM under the profiler.
     *
     * <p><b>Cancellation.</b> Waits for the child; an interrupt kills it and throws
     * {@link java.util.concurrent.CancellationException}.
     */
    public static Result launch(String mainClass, String classPath, List<String> args) throws IOException {
        Path report = Files.createTempFile("weft-classify", ".txt");
        try {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp",
                    ownClassPath() + (classPath == null || classPath.isBlank() ? "" : File.pathSeparator + classPath),
                    MainProfiler.class.getName(), report.toString(), mainClass));
            cmd.addAll(args);
            Process child = new ProcessBuilder(cmd).inheritIO().start();
            int exit = child.waitFor();
            String text = Files.readString(report, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                text = "weft classify: " + mainClass + " ended its JVM (exit " + exit + ", System.exit or a crash)"
                        + " before its measurement closed; measure it from outside with: weft classify -- java -cp "
                        + classPath + " " + mainClass + "\n";
            }
            return new Result(text, exit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while profiling " + mainClass);
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /** weft-profile's and weft-core's own jars (or class directories), for the child's class path. */
    static String ownClassPath() throws IOException {
        try {
            String profile = Path.of(MainProfiler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            String core = Path.of(dev.weft.Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return profile + File.pathSeparator + core;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IOException("cannot find weft-profile's own jar to start the child JVM", e);
        }
    }

    /** In the child: {@code REPORT-FILE MAIN-CLASS ARGS…}. */
    public static void main(String[] argv) throws Exception {
        if (argv.length < 2) {
            System.err.println("usage: MainProfiler REPORT-FILE MAIN-CLASS [ARGS...]");
            System.exit(2);
        }
        Path report = Path.of(argv[0]);
        Method main = findMain(argv[1]);
        String[] args = Arrays.copyOfRange(argv, 2, argv.length);
        Throwable[] failure = new Throwable[1];
        Profile profile = Profiler.measure(() -> {
            try {
                main.invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                failure[0] = e.getCause();
            }
        });
        Verdict verdict = Classifier.classify(profile);
        String text = argv[1] + (failure[0] == null ? "" : " failed: " + failure[0]) + "\n" + profile.toText() + "\n"
                + verdict.toText();
        Files.writeString(report, text, StandardCharsets.UTF_8);
        System.exit(failure[0] == null ? 0 : 1);
    }

    private static Method findMain(String name) {
        try {
            Class<?> c = Class.forName(name, false, ClassLoader.getSystemClassLoader());
            Method m = c.getMethod("main", String[].class);
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new IllegalArgumentException(name + ".main is not static");
            }
            m.setAccessible(true);
            return m;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + name + " on the class path given with -cp", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(name + " has no public static void main(String[])", e);
        }
    }
}
