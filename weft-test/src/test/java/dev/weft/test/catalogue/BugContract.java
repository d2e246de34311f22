package dev.weft.test.catalogue;

import dev.weft.test.Exploration;
import dev.weft.test.Explorer;
import dev.weft.test.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** What every catalogue bug must show: found by default, replayed identically, fixed for every seed. */
@Timeout(120)
abstract class BugContract {
    abstract Bug bug();

    @Test
    void isFoundWithinTheDefaultBudgetAndReplaysIdentically() {
        Exploration found = Explorer.explore(bug().buggy());
        assertThat(found.failed()).as("found within the default budget: %s", found).isTrue();
        Exploration again = Explorer.replay(found.failingSeed(), bug().buggy());
        assertThat(again.failed()).isTrue();
        assertThat(again.trace()).isEqualTo(found.trace());
        assertThat(again.failure()).hasSameClassAs(found.failure()).hasMessage(found.failure().getMessage());
    }

    @Test
    void isFoundByPctToo() {
        Exploration found = Explorer.builder().strategy(Strategy.PCT).build().explore(bug().buggy());
        assertThat(found.failed()).as("found by PCT: %s", found).isTrue();
        assertThat(Explorer.replay(found.failingSeed(), bug().buggy()).trace()).isEqualTo(found.trace());
    }

    @Test
    void fixedVersionPassesEverySeed() {
        for (Strategy strategy : Strategy.values()) {
            Exploration e = Explorer.builder().strategy(strategy).build().explore(bug().fixed());
            assertThat(e.failed()).as("%s: %s", strategy, e).isFalse();
            assertThat(e.schedulesRun()).isEqualTo(Explorer.DEFAULT_SEEDS);
        }
    }
}
