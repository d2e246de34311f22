package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import dev.weft.examples.Examples;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WeftCommandTest {
    /** What a run printed: the command's own writers and, interleaved into out, the examples' System.out. */
    record Run(int exitCode, String out, String err) {
    }

    static Run weft(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            CommandLine weft = WeftCommand.commandLine();
            weft.setOut(new PrintWriter(capture, true));
            weft.setErr(new PrintWriter(err, true));
            int exitCode = weft.execute(args);
            capture.flush();
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void withoutArgumentsPrintsHelpListingTheSubcommands() {
        Run run = weft();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: weft", "example", "tour", "bench", "classify", "help");
    }

    @Test
    void exampleWithoutANameListsEveryExampleWithItsDescription() {
        Run run = weft("example");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("hello", "pipeline", "philosophers", "bank",
                "the total is conserved");
    }

    @Test
    void exampleRunsTheNamedExample() {
        Run run = weft("example", "hello");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("hello from task 1", "hello from task 3");
    }

    @Test
    void argumentsAfterTheNameGoToTheExampleOptionsIncluded() {
        Run run = weft("example", "bank", "--no-locks", "3");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("NOT conserved");
    }

    @Test
    void anUnknownExampleIsAUsageErrorThatNamesTheKnownOnes() {
        Run run = weft("example", "nope");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("no example named 'nope'", "hello, pipeline, philosophers, bank, deadlock, echo");
    }

    @Test
    void argumentsTheExampleCannotReadAreAUsageErrorThatShowsItsUsage() {
        Run run = weft("example", "pipeline", "many");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("ITEMS must be a whole number, not 'many'",
                "Usage: weft example pipeline [ITEMS [WORKERS [CAPACITY]]]");
    }

    @Test
    void tourRunsEveryExampleUnderItsHeading() {
        Run run = weft("tour");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence(
                "== hello:", "hello from task 1",
                "== pipeline:", "nothing lost: yes",
                "== philosophers:", "neighbours eating at once: 0",
                "== bank:", "conserved",
                "== deadlock:", "0 reports",
                "== echo:", "== chat:", "== http:", "== crawler:",
                "Tour done: " + Examples.all().size() + " examples", "all passed.");
    }

    @Test
    void versionNamesWeft() {
        Run run = weft("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("weft ");
    }
}
