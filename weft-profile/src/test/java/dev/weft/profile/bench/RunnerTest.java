package dev.weft.profile.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.profile.Execution;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunnerTest {
    private static final List<Execution> IN_PROCESS = List.of(Execution.SEQUENTIAL, Execution.LOOP, Execution.LOOPS,
            Execution.THREAD_POOL);

    @Test
    void everyInProcessRunnerRunsABatchAndSaysWhatItIs() throws Exception {
        for (Execution e : IN_PROCESS) {
            try (Runner r = Runner.open(e, 3, 2)) {
                r.runAll(List.of(new Job("sleeping", 1), new Job("sleeping", 1), new Job("mandelbrot", 1)));
                assertThat(r.execution()).isEqualTo(e);
                assertThat(r.describe()).contains(e == Execution.LOOPS ? "tasks on 2 loops" : e.label());
            }
        }
    }

    @Test
    void aFailingJobFailsTheBatchWithItsOwnError() {
        for (Execution e : IN_PROCESS) {
            assertThatThrownBy(() -> {
                try (Runner r = Runner.open(e, 2, 2)) {
                    r.runAll(List.of(new Job("sleeping", 1), new Job("no-such-workload", 1)));
                }
            }).as(e.label()).hasStackTraceContaining("no suite workload named 'no-such-workload'");
        }
    }

    @Test
    void aProcessPoolRunsTheBatchInWorkerProcessesThatPreparedTheirWorkloads() throws Exception {
        try (Runner r = Runner.open(Execution.PROCESS_POOL, 2, 2, List.of("sleeping", "mandelbrot"))) {
            r.runAll(List.of(new Job("sleeping", 1), new Job("mandelbrot", 1), new Job("mandelbrot", 2)));
            assertThat(r.describe()).contains("process pool");
            assertThatThrownBy(() -> r.runAll(List.of(new Job("sleeping", 1), new Job("no-such-workload", 1))))
                    .hasStackTraceContaining("no suite workload named 'no-such-workload'");
            // the failure was the job's: the workers serve on
            r.runAll(List.of(new Job("sleeping", 1)));
        }
    }

    @Test
    void aProcessPoolAskedToPrepareAnUnknownWorkloadSaysSo() {
        assertThatThrownBy(() -> {
            try (Runner r = Runner.open(Execution.PROCESS_POOL, 1, 2, List.of("no-such-workload"))) {
                r.runAll(List.of(new Job("sleeping", 1)));
            }
        }).hasStackTraceContaining("no suite workload named 'no-such-workload'");
    }

    @Test
    void parallelismBelowOneIsRefused() {
        assertThatThrownBy(() -> Runner.open(Execution.THREAD_POOL, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Job("sleeping", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
