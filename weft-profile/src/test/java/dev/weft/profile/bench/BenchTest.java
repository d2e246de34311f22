package dev.weft.profile.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.profile.Execution;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BenchTest {
    private static BenchPlan tiny() {
        return BenchPlan.quick().withWorkloads(List.of("sleeping", "prime-trial-division"))
                .withParallelism(List.of(1, 2)).withSequentialTarget(Duration.ofMillis(40)).withoutClassifying();
    }

    @Test
    void everyWorkloadGetsABaselineAndACellPerModeAndLevelOrTheModeIsSkippedWithWhy() throws Exception {
        StringWriter log = new StringWriter();
        BenchPlan plan = tiny();

        BenchResults r = new Bench(plan, new Progress(new PrintWriter(log), false, plan.cells())).run();

        assertThat(r.workloads()).hasSize(2);
        for (BenchResults.WorkloadResult w : r.workloads()) {
            assertThat(w.cells().getFirst().execution()).isEqualTo(Execution.SEQUENTIAL);
            assertThat(w.cells().getFirst().speedup()).isEqualTo(1.0);
            for (Execution e : List.of(Execution.LOOP, Execution.LOOPS, Execution.THREAD_POOL, Execution.PROCESS_POOL)) {
                boolean skipped = r.skipped().stream().anyMatch(s -> s.execution() == e);
                long cells = w.cells().stream().filter(c -> c.execution() == e).count();
                assertThat(cells).as(w.name() + " " + e).isEqualTo(skipped ? 0 : 2);
            }
            assertThat(w.cells()).allSatisfy(c -> assertThat(c.speedup()).isPositive());
        }
        assertThat(r.skipped()).allSatisfy(s -> assertThat(s.why()).isNotBlank());
        assertThat(log.toString()).contains("sleeping sequential", "prime-trial-division");
    }

    @Test
    void theTableShowsEveryModeAndTheFastest() throws Exception {
        BenchPlan plan = tiny().withWorkloads(List.of("sleeping"));
        BenchResults r = new Bench(plan, new Progress(new PrintWriter(new StringWriter()), false, plan.cells())).run();

        String table = BenchTable.render(r);

        assertThat(table).contains("I/O-bound · sleeping", "tasks on one loop", "tasks on N loops", "thread pool",
                "P=1", "P=2", "fastest:");
    }

    @Test
    void anUnknownWorkloadIsAnErrorNamingTheSuite() {
        BenchPlan plan = tiny().withWorkloads(List.of("no-such-work"));

        assertThatThrownBy(() -> new Bench(plan, new Progress(new PrintWriter(new StringWriter()), false, 1)).run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-work", "sleeping");
    }

    @Test
    void aPlanMustStartWithTheSequentialBaseline() {
        assertThatThrownBy(() -> tiny().withExecutions(List.of(Execution.LOOP)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequential");
    }
}
