package dev.weft.cli;

import static dev.weft.cli.WeftCommandTest.weft;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(180)
class BenchCommandTest {
    @Test
    void printsTheTableAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench-report");

        WeftCommandTest.Run run = weft("bench", "--quick", "--plain", "--workloads", "sleeping,mandelbrot",
                "--parallelism", "1,2", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("I/O-bound · sleeping", "CPU-bound · mandelbrot", "tasks on one loop",
                "thread pool", "fastest:", "report: ");
        assertThat(run.err()).contains("sleeping sequential");
        assertThat(Files.readString(out.resolve("index.html"))).contains("<svg class=\"chart\"");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"format\": \"weft-bench-results/1\"");
        assertThat(out.resolve("results.schema.json")).exists();
    }

    @Test
    void anUnknownWorkloadIsAUsageErrorListingTheSuite() {
        WeftCommandTest.Run run = weft("bench", "--workloads", "nope");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("no workload named 'nope'", "prime-trial-division");
    }

    @Test
    void parallelismOutOfRangeIsAUsageError() {
        WeftCommandTest.Run run = weft("bench", "--parallelism", "0");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("--parallelism");
    }
}
