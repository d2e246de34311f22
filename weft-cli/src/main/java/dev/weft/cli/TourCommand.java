package dev.weft.cli;

import dev.weft.examples.Examples;
import dev.weft.examples.Examples.Example;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weft tour}: runs every example in turn, each under a heading, and ends with a
 * line that says how many ran and which failed. A failing example does not stop the tour;
 * it makes the exit code 1.
 */
@Command(name = "tour",
        mixinStandardHelpOptions = true,
        description = "Run every example in turn, each under a heading.")
public final class TourCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> failed = new ArrayList<>();
        long tourStart = System.nanoTime();
        for (Example example : Examples.all()) {
            out.printf("%n== %s: %s ==%n", example.name(), example.description());
            out.flush();
            long start = System.nanoTime();
            try {
                example.main().main(new String[0]);
                System.out.flush();
                out.printf("(%s took %d ms)%n", example.name(), millisSince(start));
            } catch (Exception | Error e) {
                System.out.flush();
                failed.add(example.name());
                err.printf("weft: example %s failed:%n", example.name());
                e.printStackTrace(err);
                err.flush();
            }
            out.flush();
        }
        int ran = Examples.all().size();
        out.printf("%nTour done: %d examples in %d ms; %s%n", ran, millisSince(tourStart),
                failed.isEmpty() ? "all passed." : failed.size() + " failed: " + String.join(", ", failed));
        out.flush();
        return failed.isEmpty() ? ExitCode.OK : ExitCode.SOFTWARE;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
