package dev.weft.pool;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a worker JVM: this JVM's own {@code java}, class path and JVM options,
 * the flags a worker needs, and the pool's options.
 *
 * <p>Inherited from this JVM: every JVM option it was started with ({@code --add-opens},
 * {@code -D…}, {@code -Xmx}, {@code -XX:…}, {@code --enable-preview}…), except those that would
 * collide or corrupt the pipe: agents and debuggers (a second JDWP on the same port fails),
 * flight recordings, logging ({@code -Xlog} may write to stdout, which carries frames), and
 * class-data-sharing flags (the pool chooses its own). {@code JAVA_TOOL_OPTIONS} and friends
 * are removed from the worker's environment, since what they held is inherited that way.
 *
 * <p>Added for every worker: {@code --add-opens java.base/java.lang=ALL-UNNAMED} (Weft's tasks
 * need it, in a worker too); {@code -XX:+UseSerialGC} unless a collector was chosen (a worker
 * runs one job at a time); {@code -XX:+ExitOnOutOfMemoryError} (a worker out of memory is a
 * crash, reported as one); JVM messages and logs to stderr; a fatal-error log in the temp folder.
 * Then {@link ProcessPool.Options#maxHeap} and {@link ProcessPool.Options#jvmArgs}, which win.
 *
 * @param jvmOptions  the options, without the class path, the main class and any start-up cache flags
 * @param classPath   the class path, as this JVM has it
 */
record WorkerCommand(List<String> jvmOptions, String classPath) {
    static final String ADD_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String ERROR_FILE_PREFIX = "weft-worker-";
    private static final List<String> TWO_PART = List.of("--add-opens", "--add-exports", "--add-reads",
            "--add-modules", "--enable-native-access", "--limit-modules", "--upgrade-module-path");
    private static final List<String> NOT_INHERITED = List.of("-agentlib:", "-agentpath:", "-javaagent:",
            "-Xdebug", "-Xrunjdwp", "-Xlog", "-Xshare", "-XX:StartFlightRecording", "-XX:FlightRecorderOptions",
            "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive", "-XX:AOT",
            "-XX:ErrorFile", "-Djava.class.path=", "-D" + AllowList.PROPERTY + "=", "-Dweft.pool.");

    WorkerCommand {
        jvmOptions = List.copyOf(jvmOptions);
    }

    static WorkerCommand build(ProcessPool.Options options, AllowList allow) {
        List<String> inherited = inheritedOptions(ManagementFactory.getRuntimeMXBean().getInputArguments());
        List<String> cmd = new ArrayList<>(inherited);
        if (!inherited.contains(ADD_OPENS)) {
            cmd.add(ADD_OPENS);
        }
        boolean collectorChosen = inherited.stream().anyMatch(WorkerCommand::choosesCollector)
                || options.jvmArgs.stream().anyMatch(WorkerCommand::choosesCollector);
        if (!collectorChosen) {
            cmd.add("-XX:+UseSerialGC");
        }
        cmd.add("-XX:-UsePerfData");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:+DisplayVMOutputToStderr");
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning,aot*=off,cds*=off:stderr");
        cmd.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), ERROR_FILE_PREFIX + "%p-hs_err.log"));
        if (options.maxHeap != null) {
            cmd.add("-Xmx" + options.maxHeap);
        }
        cmd.addAll(options.jvmArgs);
        if (!allow.patterns().isEmpty()) {
            cmd.add("-D" + AllowList.PROPERTY + "=" + allow.asProperty());
        }
        cmd.add("-D" + WorkerMain.MAX_FRAME_PROPERTY + "=" + options.maxFrameBytes);
        return new WorkerCommand(cmd, System.getProperty("java.class.path", ""));
    }

    /** The whole command: {@code java}, the options, {@code extra} (start-up cache flags), class path, main, args. */
    List<String> line(List<String> extra, String... mainArgs) {
        List<String> line = new ArrayList<>(jvmOptions.size() + extra.size() + 6);
        line.add(Java.EXECUTABLE);
        line.addAll(jvmOptions);
        line.addAll(extra);
        line.add("-cp");
        line.add(classPath);
        line.add(WorkerMain.class.getName());
        line.addAll(List.of(mainArgs));
        return line;
    }

    /** A process builder for {@link #line}, with the inherited options' variables out of its environment. */
    ProcessBuilder builder(List<String> extra, String... mainArgs) {
        ProcessBuilder pb = new ProcessBuilder(line(extra, mainArgs));
        pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        return pb;
    }

    /** Where a worker's fatal-error log goes if the JVM itself crashes. */
    static Path errorFile(long pid) {
        return Path.of(System.getProperty("java.io.tmpdir"), ERROR_FILE_PREFIX + pid + "-hs_err.log");
    }

    /** This JVM's {@code java}, or {@code java.home}'s if this process was started another way. */
    private static final class Java {
        static final String EXECUTABLE = ProcessHandle.current().info().command()
                .filter(c -> Path.of(c).getFileName().toString().equals("java") && Files.isExecutable(Path.of(c)))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static List<String> inheritedOptions(List<String> input) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            String a = input.get(i);
            if (TWO_PART.contains(a) && i + 1 < input.size()) {
                a = a + "=" + input.get(++i);
            }
            String option = a;
            if (NOT_INHERITED.stream().noneMatch(option::startsWith)) {
                out.add(option);
            }
        }
        return out;
    }

    private static boolean choosesCollector(String option) {
        return option.matches("-XX:\\+Use\\w+GC");
    }
}
