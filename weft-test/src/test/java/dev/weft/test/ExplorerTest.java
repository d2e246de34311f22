package dev.weft.test;

import dev.weft.test.catalogue.Catalogue;
import dev.weft.test.catalogue.TwoStepTransfer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ExplorerTest {

    private static final Scenario LOST_UPDATE = () -> {
        int counter = RacyCounter.race();
        if (counter != 2) {
            throw new AssertionError("counter is " + counter);
        }
    };

    @Test
    void reportNamesTheSeedTheFailureTheTraceAndTheReplay() {
        Exploration e = Explorer.explore(LOST_UPDATE);
        System.out.println(e);
        assertThat(e.failed()).isTrue();
        assertThat(e.failure()).isInstanceOf(AssertionError.class).hasMessage("counter is 1");
        assertThat(e.toString()).contains("seed " + e.failingSeed(), "failure: java.lang.AssertionError: counter is 1",
                "trace:", "thread 'a' runs", "point: may switch here", "replay: Explorer.replay(" + e.failingSeed() + "L, scenario)");
        assertThat(e.trace()).contains("preempting");
    }

    @Test
    void explorationsWithTheSameSettingsRunTheSameSchedules() {
        for (Strategy s : Strategy.values()) {
            Exploration one = Explorer.builder().strategy(s).build().explore(LOST_UPDATE);
            Exploration two = Explorer.builder().strategy(s).build().explore(LOST_UPDATE);
            assertThat(two.failingSeed()).isEqualTo(one.failingSeed());
            assertThat(two.schedulesRun()).isEqualTo(one.schedulesRun());
            assertThat(two.trace()).isEqualTo(one.trace());
        }
    }

    @Test
    void theSeedAloneCarriesStrategyDepthAndBound() {
        Exploration e = Explorer.builder().strategy(Strategy.PCT).depth(3).build().explore(LOST_UPDATE);
        Schedule s = Schedule.decode(e.failingSeed());
        assertThat(s.strategy()).isEqualTo(Strategy.PCT);
        assertThat(s.depth()).isEqualTo(3);
        assertThat(s.stepBound()).isPositive();
        Exploration again = Explorer.replay(e.failingSeed(), LOST_UPDATE);
        assertThat(again.trace()).isEqualTo(e.trace());
        assertThat(Simulation.run(e.failingSeed(), () -> {
            try {
                LOST_UPDATE.run();
                return "passed";
            } catch (AssertionError expected) {
                return "failed";
            }
        })).isEqualTo("failed");
    }

    @Test
    void shrinkingKeepsTheFailureWithNoMorePreemptions() {
        for (var bug : Catalogue.all()) {
            Exploration shrunk = Explorer.builder().strategy(Strategy.RANDOM).build().explore(bug.buggy());
            Exploration raw = Explorer.builder().strategy(Strategy.RANDOM).shrink(false).build().explore(bug.buggy());
            assertThat(shrunk.failure()).as(bug.name()).hasSameClassAs(raw.failure());
            assertThat(count(shrunk.trace(), "preempting")).as(bug.name()).isLessThanOrEqualTo(count(raw.trace(), "preempting"));
        }
    }

    private static int count(String text, String word) {
        return text.split(word, -1).length - 1;
    }

    @Test
    void aScenarioThatHoldsRunsTheWholeBudget() {
        Exploration e = Explorer.builder().seeds(300).build().explore(TwoStepTransfer.bug().fixed());
        assertThat(e.failed()).isFalse();
        assertThat(e.schedulesRun()).isEqualTo(300);
        assertThat(e.toString()).contains("no failure in 300 schedules");
        assertThatThrownBy(e::failingSeed).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void replayOfASeedThatPassesSaysSo() {
        Exploration e = Explorer.replay(1, TwoStepTransfer.bug().fixed());
        assertThat(e.failed()).isFalse();
        assertThat(e.toString()).contains("did not fail");
    }

    @Test
    void theReplayCommandIsConfigurable() {
        Exploration e = Explorer.builder().replayCommand("./weft explore --class X --replay {seed}").build()
                .explore(LOST_UPDATE);
        assertThat(e.replayCommand()).isEqualTo("./weft explore --class X --replay " + e.failingSeed());
    }

    @Test
    void badSettingsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> Explorer.builder().seeds(0)).hasMessageContaining("seeds must be at least 1");
        assertThatThrownBy(() -> Explorer.builder().depth(16)).hasMessageContaining("between 1 and 15");
        assertThatThrownBy(() -> Explorer.builder().replayCommand("again")).hasMessageContaining("{seed}");
        assertThatThrownBy(() -> Schedule.decode(-1L)).hasMessageContaining("names no strategy");
    }

    @Test
    void aSmallNumberIsARandomSeed() {
        assertThat(Schedule.decode(1234)).isEqualTo(Schedule.random(1234));
        Schedule pct = new Schedule(Strategy.PCT, 4, 321, 99);
        assertThat(Schedule.decode(pct.encode())).isEqualTo(pct);
    }
}
