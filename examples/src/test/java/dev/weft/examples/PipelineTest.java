package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineTest {
    @Test
    void everyItemReachesTheConsumerExactlyOnce() {
        Pipeline.Result result = Pipeline.run(1_000, 4, 16);

        assertThat(result.produced()).isEqualTo(1_000);
        assertThat(result.consumed()).isEqualTo(1_000);
        assertThat(result.perWorker()).hasSize(4).allSatisfy(handled -> assertThat(handled).isPositive());
        assertThat(result.perWorker().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1_000);
        assertThat(result.sumOfSquares()).isEqualTo(333_833_500L);
        assertThat(result.nothingLost()).isTrue();
    }

    @Test
    void aQueueOfOneStillLosesNothing() {
        Pipeline.Result result = Pipeline.run(200, 3, 1);

        assertThat(result.nothingLost()).isTrue();
        assertThat(result.consumed()).isEqualTo(200);
    }

    @Test
    void emptyInputClosesThePipelineAtOnce() {
        Pipeline.Result result = Pipeline.run(0, 2, 4);

        assertThat(result.consumed()).isZero();
        assertThat(result.perWorker()).containsExactly(0, 0);
        assertThat(result.nothingLost()).isTrue();
    }

    @Test
    void mainPrintsTheCountsAndTheCheck() throws Exception {
        String out = Stdout.capture(() -> Pipeline.main(new String[] {"100", "2"}));

        assertThat(out).contains("produced   100 items", "consumed   100 results", "nothing lost: yes");
    }

    @Test
    void mainRejectsArgumentsItCannotRead() {
        assertThatThrownBy(() -> Pipeline.main(new String[] {"lots"}))
                .isInstanceOf(Examples.UsageException.class)
                .hasMessage("ITEMS must be a whole number, not 'lots'");
        assertThatThrownBy(() -> Pipeline.main(new String[] {"10", "0"}))
                .isInstanceOf(Examples.UsageException.class)
                .hasMessage("WORKERS must be at least 1, not 0");
    }
}
