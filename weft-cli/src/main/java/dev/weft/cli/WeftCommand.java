package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code weft} command: the top of the command line. Each subcommand is one class
 * in this package, listed in {@code subcommands}; without one, {@code weft} prints its help.
 * Run it through the {@code ./weft} launcher, which finds a JDK 25 and builds the jar.
 */
@Command(name = "weft",
        mixinStandardHelpOptions = true,
        versionProvider = WeftCommand.Version.class,
        description = "Weft: asyncio-style tasks, threads and processes for Java 25.",
        subcommands = {
                ExampleCommand.class,
                TourCommand.class,
                ServeCommand.class,
                ExploreCommand.class,
                BenchCommand.class,
                ClassifyCommand.class,
                DumpCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class WeftCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line, configured as {@link #main} runs it; tests drive it with {@code execute}. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new WeftCommand());
        // Everything after an example's name is the example's, options included.
        commandLine.getSubcommands().get("example").setStopAtPositional(true);
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The version from the jar's manifest, or a plain word when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = WeftCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                    "weft " + (version != null ? version : "(development build)"),
                    "JVM: " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")",
            };
        }
    }
}
