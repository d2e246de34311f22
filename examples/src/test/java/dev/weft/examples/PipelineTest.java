package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.EventLoop;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final EventLoop.Options VIRTUAL_TIME = EventLoop.Options.defaults().withVirtualTime();

    @Test
    void everyItemReachesTheConsumerExactlyOnce() {
        Pipeline.Result result = Pipeline.run(VIRTUAL_TIME, 1_000, 4, 16);

        assertThat(result.produced()).isEqualTo(1_000);
        assertThat(result.consumed()).isEqualTo(1_000);
        assertThat(result.sumOfSquares()).isEqualTo(333_833_500L);
        assertThat(result.nothingLost()).isTrue();
    }

    @Test
    void theWorkersShareTheJobsAndOverlapTheirWaits() {
        Pipeline.Result result = Pipeline.run(VIRTUAL_TIME, 1_000, 4, 16);

        assertThat(result.perWorker()).containsExactly(250, 250, 250, 250);
        assertThat(result.elapsed()).isEqualTo(Pipeline.WORK.multipliedBy(250));
    }

    @Test
    void noInterleavingLosesAnItem() {
        for (long seed = 1; seed <= 20; seed++) {
            Pipeline.Result result = Pipeline.run(VIRTUAL_TIME.withSeed(seed), 300, 3, 2);

            assertThat(result.nothingLost()).as("seed %d: %s", seed, result).isTrue();
        }
    }

    @Test
    void aQueueOfOneStillLosesNothing() {
        Pipeline.Result result = Pipeline.run(VIRTUAL_TIME, 200, 3, 1);

        assertThat(result.nothingLost()).isTrue();
        assertThat(result.consumed()).isEqualTo(200);
    }

    @Test
    void emptyInputClosesThePipelineAtOnce() {
        Pipeline.Result result = Pipeline.run(VIRTUAL_TIME, 0, 2, 4);

        assertThat(result.consumed()).isZero();
        assertThat(result.perWorker()).containsExactly(0, 0);
        assertThat(result.elapsed()).isEqualTo(Duration.ZERO);
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
