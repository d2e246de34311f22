package dev.weft.cli;

import static dev.weft.cli.WeftCommandTest.weft;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(120)
class ClassifyCommandTest {
    /** A Java program for --main: computes for a while. */
    public static final class Spinner {
        static volatile long sink;

        public static void main(String[] args) {
            long x = 1;
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 100_000; i++) {
                    x = x * 31 + i;
                }
            }
            sink = x;
        }
    }

    @Test
    void anExternalCommandIsMeasuredAndClassifiedWithEvidenceAndARecommendation() {
        WeftCommandTest.Run run = weft("classify", "--", "sleep", "0.3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence("sleep 0.3 (exit 0)", "wall", "I/O-bound", "evidence:",
                "recommendation: tasks on one loop");
    }

    @Test
    void aJavaMainIsMeasuredFromInsideItsJvm() {
        WeftCommandTest.Run run = weft("classify", "--main", Spinner.class.getName(), "-cp", "target/test-classes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("CPU-bound", "recommendation: a thread pool of");
    }

    @Test
    void nothingToMeasureIsAUsageError() {
        WeftCommandTest.Run run = weft("classify");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("give a command after --, --main CLASS, or --suite");
    }

    @Test
    void aCommandsFailureIsPassedOn() {
        WeftCommandTest.Run run = weft("classify", "--", "sh", "-c", "exit 5");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(run.out()).contains("(exit 5)");
    }
}
