package dev.weft.test.junit;

import dev.weft.test.Exploration;
import dev.weft.test.catalogue.LostUpdate;
import dev.weft.test.catalogue.TwoStepTransfer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

@Timeout(60)
class WeftTestExtensionTest {
    static final AtomicInteger RUNS = new AtomicInteger();

    /** Run only through the launcher below (surefire skips nested classes). */
    static class Fixtures {
        @WeftTest(seeds = 25)
        void holds() throws Exception {
            RUNS.incrementAndGet();
            TwoStepTransfer.bug().fixed().run();
        }

        @WeftTest(seeds = 500, replay = 3)
        void replayed() throws Exception {
            RUNS.incrementAndGet();
            TwoStepTransfer.bug().fixed().run();
        }

        @WeftTest
        void breaks() throws Exception {
            LostUpdate.bug().buggy().run();
        }
    }

    private static TestExecutionSummary launch(String method) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectMethod(Fixtures.class, method)).build(), listener);
        return listener.getSummary();
    }

    @Test
    void aPassingScenarioRunsOncePerSchedule() {
        RUNS.set(0);
        TestExecutionSummary summary = launch("holds");
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(RUNS.get()).isEqualTo(25);
    }

    @Test
    void replayRunsOneSchedule() {
        RUNS.set(0);
        assertThat(launch("replayed").getTestsSucceededCount()).isEqualTo(1);
        assertThat(RUNS.get()).isEqualTo(1);
    }

    @Test
    void aFailingScheduleFailsTheTestWithTheSeedAndTheReplayCommand() {
        TestExecutionSummary summary = launch("breaks");
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        Throwable failure = summary.getFailures().getFirst().getException();
        assertThat(failure).isInstanceOf(AssertionError.class).hasCauseInstanceOf(AssertionError.class);
        assertThat(failure.getMessage()).contains("seed ", "trace:",
                "replay: ./weft explore --class " + Fixtures.class.getName() + " --method breaks --replay ");
    }

    @Test
    void theCommandLineReplaysWhatTheTestFound() throws Exception {
        var method = Fixtures.class.getDeclaredMethod("breaks");
        Exploration found = ScenarioMethods.explore(new Fixtures(), method, new Object[0], 0, null);
        Exploration again = ScenarioMethods.explore(new Fixtures(), method, new Object[0], 0, found.failingSeed());
        assertThat(again.trace()).isEqualTo(found.trace());
        assertThat(ScenarioMethods.of(Fixtures.class)).extracting(m -> m.getName())
                .containsExactly("breaks", "holds", "replayed");
    }
}
