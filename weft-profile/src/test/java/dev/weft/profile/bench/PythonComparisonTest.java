package dev.weft.profile.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.profile.Bound;
import dev.weft.profile.OnPath;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PythonComparisonTest {
    @Test
    void linesParseIntoRowsWithSpeedupsOverTheirOwnSequentialRun() throws IOException {
        BenchResults.PythonResults r = PythonComparison.parse("""
                VERSION\t3.11.2
                ROW\tCPU\tsequential\t1\t0.400000
                ROW\tCPU\tthreading\t2\t0.400000
                ROW\tCPU\tmultiprocessing\t2\t0.200000
                """);

        assertThat(r.version()).isEqualTo("3.11.2");
        assertThat(r.rows()).hasSize(3);
        assertThat(r.rows().get(2).speedup()).isEqualTo(2.0);
        assertThat(r.rows().get(2).bound()).isEqualTo(Bound.CPU);
    }

    @Test
    void aLineThatIsNotARowIsAnError() {
        assertThatThrownBy(() -> PythonComparison.parse("Traceback (most recent call last):\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("Traceback");
    }

    @Test
    void runsEveryClassUnderThreadingMultiprocessingAndAsyncio() throws IOException {
        assumeTrue(OnPath.find("python3").isPresent(), "python3 is not on the PATH: the CPython comparison cannot run here");
        BenchPlan plan = BenchPlan.quick().withParallelism(List.of(1, 2)).withSequentialTarget(Duration.ofMillis(40));

        BenchResults.PythonResults r = PythonComparison.run(plan).orElseThrow();

        for (Bound b : Bound.values()) {
            for (String mode : List.of("threading", "multiprocessing", "asyncio")) {
                assertThat(r.rows()).as(b + " " + mode)
                        .anySatisfy(row -> assertThat(row.bound() == b && row.mode().equals(mode)).isTrue());
            }
        }
        assertThat(r.rows()).allSatisfy(row -> assertThat(row.seconds()).isPositive());
    }
}
