package dev.weft.cli;

import dev.weft.test.Exploration;
import dev.weft.test.Explorer;
import dev.weft.test.Scenario;
import dev.weft.test.catalogue.Bug;
import dev.weft.test.catalogue.Catalogue;
import dev.weft.test.junit.ScenarioMethods;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft explore --class C [--method M] [--seeds N] [--replay SEED]}: runs the
 * {@code @WeftTest} methods of a test class under the explorer, as the JUnit extension would,
 * and prints each one's result or failure report; {@code --bug NAME} explores a bug of the
 * catalogue instead. Exits 1 if any schedule failed.
 */
@Command(name = "explore",
        mixinStandardHelpOptions = true,
        header = "Explore schedules of @WeftTest methods or a catalogue bug.",
        description = {
                "Explore the schedules of a class's @WeftTest methods (or a catalogue bug) and report the first"
                        + " that fails: its seed, the failure, the trace and the command that replays it.",
                "Classes are looked up in --cp, by default every */target/test-classes and */target/classes here.",
        })
public final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--class", paramLabel = "CLASS", description = "the test class, by its full name")
    String className;

    @Option(names = "--method", paramLabel = "NAME", description = "only this @WeftTest method")
    String method;

    @Option(names = "--bug", paramLabel = "NAME", description = "a catalogue bug instead of a class: ${COMPLETION-CANDIDATES}",
            completionCandidates = BugNames.class)
    String bug;

    @Option(names = "--fixed", description = "with --bug: explore the fixed version")
    boolean fixed;

    @Option(names = "--seeds", paramLabel = "N", description = "schedules to try (default: the annotation's)")
    int seeds;

    @Option(names = "--replay", paramLabel = "SEED", description = "replay this seed instead of exploring")
    Long replay;

    @Option(names = "--cp", paramLabel = "PATH", split = ":", description = "directories and jars to load the class from")
    List<Path> classPath = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((className == null) == (bug == null)) {
            err.println("weft explore: give either --class CLASS or --bug NAME (one of " + new BugNames() + ")");
            return ExitCode.USAGE;
        }
        if (bug != null) {
            return exploreBug(out, err);
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader());
        } catch (ClassNotFoundException e) {
            err.println("weft explore: no class " + className + " in " + searchPath()
                    + "; build the tests first (./scripts/test) or name their directory with --cp");
            return ExitCode.USAGE;
        }
        List<Method> methods = ScenarioMethods.of(type).stream()
                .filter(m -> method == null || m.getName().equals(method)).toList();
        if (methods.isEmpty()) {
            err.println("weft explore: " + className + " has no @WeftTest method" + (method == null ? "" : " named " + method));
            return ExitCode.USAGE;
        }
        boolean failed = false;
        for (Method m : methods) {
            Object target = instance(type);
            long start = System.nanoTime();
            Exploration e = ScenarioMethods.explore(target, m, new Object[0], seeds, replay);
            failed |= print(out, type.getSimpleName() + "." + m.getName(), e, start);
        }
        return failed ? 1 : ExitCode.OK;
    }

    private int exploreBug(PrintWriter out, PrintWriter err) {
        Bug b;
        try {
            b = Catalogue.named(bug);
        } catch (IllegalArgumentException e) {
            err.println("weft explore: " + e.getMessage());
            return ExitCode.USAGE;
        }
        Scenario scenario = fixed ? b.fixed() : b.buggy();
        Explorer.Configured explorer = Explorer.builder().seeds(seeds > 0 ? seeds : Explorer.DEFAULT_SEEDS)
                .replayCommand("./weft explore --bug " + bug + (fixed ? " --fixed" : "") + " --replay {seed}").build();
        long start = System.nanoTime();
        Exploration e = replay != null ? explorer.replay(replay, scenario) : explorer.explore(scenario);
        out.println(b.name() + ": " + b.what());
        return print(out, b.name() + (fixed ? " (fixed)" : ""), e, start) ? 1 : ExitCode.OK;
    }

    /** Prints one result; true if it failed. */
    private static boolean print(PrintWriter out, String what, Exploration e, long start) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (e.failed()) {
            out.println("FAILED " + what + " after " + e.schedulesRun() + " schedules (" + millis + " ms)");
            out.println(e);
        } else {
            out.println("ok     " + what + ": " + e + " (" + millis + " ms)");
        }
        out.flush();
        return e.failed();
    }

    private static Object instance(Class<?> type) throws ReflectiveOperationException {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object target = constructor.newInstance();
        for (Method m : type.getDeclaredMethods()) {
            if (m.isAnnotationPresent(org.junit.jupiter.api.BeforeEach.class)) {
                m.setAccessible(true);
                m.invoke(target);
            }
        }
        return target;
    }

    private ClassLoader loader() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path p : searchPath()) {
            urls.add(p.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ExploreCommand.class.getClassLoader());
    }

    private List<Path> searchPath() {
        if (!classPath.isEmpty()) {
            return classPath;
        }
        List<Path> found = new ArrayList<>();
        for (String dir : List.of("target/test-classes", "target/classes")) {
            if (Files.isDirectory(Path.of(dir))) {
                found.add(Path.of(dir));
            }
        }
        try (Stream<Path> modules = Files.list(Path.of("."))) {
            modules.sorted().forEach(m -> {
                for (String dir : List.of("target/test-classes", "target/classes")) {
                    if (Files.isDirectory(m.resolve(dir))) {
                        found.add(m.resolve(dir).normalize());
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the current directory", e);
        }
        return found;
    }

    /** The catalogue's bug names, for help and completion. */
    static final class BugNames extends ArrayList<String> {
        BugNames() {
            super(Catalogue.all().stream().map(Bug::name).toList());
        }
    }
}
