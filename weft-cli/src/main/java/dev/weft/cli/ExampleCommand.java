package dev.weft.cli;

import dev.weft.examples.Examples;
import dev.weft.examples.Examples.Example;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft example NAME [ARGS...]}: runs one example; without a name, lists them. */
@Command(name = "example",
        mixinStandardHelpOptions = true,
        description = {
                "Run an example by name, passing it ARGS.",
                "Without a NAME, list the examples with what each shows.",
        })
public final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "the example to run")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments for the example's main")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            list(out);
            return ExitCode.OK;
        }
        Optional<Example> example = Examples.find(name);
        if (example.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("weft: no example named '%s'; the examples are: %s%n", name,
                    Examples.all().stream().map(Example::name).collect(Collectors.joining(", ")));
            err.flush();
            return ExitCode.USAGE;
        }
        try {
            example.get().main().main(args.toArray(String[]::new));
        } catch (Examples.UsageException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("weft: example %s: %s%nUsage: weft example %s %s%n", name, e.getMessage(), name,
                    example.get().arguments());
            err.flush();
            return ExitCode.USAGE;
        }
        return ExitCode.OK;
    }

    static void list(PrintWriter out) {
        int width = Examples.all().stream().mapToInt(e -> e.name().length()).max().orElse(0);
        out.println("Examples (run one with: weft example NAME, or all of them with: weft tour):");
        for (Example example : Examples.all()) {
            out.printf("  %-" + width + "s  %s%n", example.name(), example.description());
        }
        out.flush();
    }
}
