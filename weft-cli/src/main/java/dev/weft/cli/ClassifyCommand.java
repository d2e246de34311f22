package dev.weft.cli;

import dev.weft.profile.Classifier;
import dev.weft.profile.ExternalProfiler;
import dev.weft.profile.MainProfiler;
import dev.weft.profile.Machine;
import dev.weft.profile.suite.SuiteRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft classify -- COMMAND...}, {@code weft classify --main CLASS [-cp PATH] [-- ARGS...]}
 * and {@code weft classify --suite}: measures the work and says whether it is CPU-, I/O-,
 * memory- or cache-bound, with the evidence and a recommendation.
 */
@Command(name = "classify",
        mixinStandardHelpOptions = true,
        header = "Say what bounds a command: CPU, I/O, memory or cache.",
        description = {
                "Measure a command or a Java program and say what bounds it: CPU, I/O, memory or cache,"
                        + " with the figures behind the verdict and how to run more of it (tasks, threads, processes).",
                "  weft classify -- sha256sum big.iso",
                "  weft classify --main com.example.App -cp app.jar -- ARGS",
                "  weft classify --suite        (the 16 labelled workloads: how often it is right here)",
        })
public final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--main", paramLabel = "CLASS", description = "a Java class whose main to run and measure")
    String mainClass;

    @Option(names = {"-cp", "--class-path"}, paramLabel = "PATH", description = "the class path for --main")
    String classPath;

    @Option(names = "--suite", description = "classify the labelled suite and count the right answers")
    boolean suite;

    @Parameters(paramLabel = "COMMAND", description = "the command to run and measure (after --), or ARGS for --main")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (suite) {
            return suite(out);
        }
        if (mainClass != null) {
            MainProfiler.Result r = MainProfiler.launch(mainClass, classPath, command);
            out.print(r.report());
            out.flush();
            return r.exitCode() == 0 ? ExitCode.OK : ExitCode.SOFTWARE;
        }
        if (command.isEmpty()) {
            err.println("weft classify: nothing to measure; give a command after --, --main CLASS, or --suite");
            err.flush();
            return ExitCode.USAGE;
        }
        ExternalProfiler.Result r = ExternalProfiler.run(command);
        out.println(String.join(" ", command) + " (exit " + r.exitCode() + ")");
        out.print(r.profile().toText());
        out.println();
        out.print(Classifier.classify(r.profile()).toText());
        out.flush();
        return r.exitCode() == 0 ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    private int suite(PrintWriter out) {
        out.println("machine: " + Machine.current().describe());
        List<SuiteRun.Result> results = SuiteRun.all(Duration.ofMillis(150), Duration.ofMillis(250));
        results.forEach(r -> out.println(r.line()));
        long right = results.stream().filter(SuiteRun.Result::correct).count();
        out.printf("%d of %d classified as labelled%n", right, results.size());
        out.flush();
        return ExitCode.OK;
    }
}
