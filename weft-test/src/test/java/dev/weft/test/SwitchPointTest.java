package dev.weft.test;

import dev.weft.Task;
import dev.weft.sync.Event;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inside a simulation the sync operations that never wait — a state read, an offer, a set,
 * a release — are switch points too, so a check-then-act built from them alone, with no wait
 * anywhere, is still explorable.
 */
@Timeout(60)
class SwitchPointTest {

    /** Two threads put a token only if the queue looks empty: both may see it empty. */
    private static final Scenario CHECK_THEN_OFFER = () -> {
        Queue<String> q = new Queue<>("slot", 2);
        List<Task<Object>> units = List.of("a", "b").stream()
                .map(name -> Simulation.thread(name, () -> {
                    if (q.size() == 0) {
                        q.offer(name);
                    }
                    return null;
                }))
                .toList();
        units.forEach(Task::join);
        if (q.size() != 1) {
            throw new AssertionError("both saw an empty queue: " + q.size() + " tokens");
        }
    };

    /** The same check and act under a lock: one step for everyone else. */
    private static final Scenario CHECK_THEN_OFFER_LOCKED = () -> {
        Queue<String> q = new Queue<>("slot", 2);
        Lock lock = new Lock("slot-lock");
        List<Task<Object>> units = List.of("a", "b").stream()
                .map(name -> Simulation.thread(name, () -> {
                    try (Lock.Held held = lock.hold()) {
                        if (q.size() == 0) {
                            q.offer(name);
                        }
                    }
                    return null;
                }))
                .toList();
        units.forEach(Task::join);
        if (q.size() != 1) {
            throw new AssertionError("both saw an empty queue: " + q.size() + " tokens");
        }
    };

    /** Who sets an event first is a choice the explorer makes at the set itself. */
    private static final Scenario FIRST_SETTER_WINS = () -> {
        Event done = new Event("done");
        String[] winner = {null};
        List<Task<Object>> units = List.of("a", "b").stream()
                .map(name -> Simulation.thread(name, () -> {
                    if (!done.isSet()) {
                        done.set();
                        if (winner[0] != null) {
                            throw new AssertionError(winner[0] + " and " + name + " both set the event");
                        }
                        winner[0] = name;
                    }
                    return null;
                }))
                .toList();
        units.forEach(Task::join);
    };

    @Test
    void aCheckThenActOnNonWaitingQueueOperationsIsFoundAndReplayed() {
        for (Strategy s : Strategy.values()) {
            Exploration e = Explorer.builder().strategy(s).build().explore(CHECK_THEN_OFFER);
            assertThat(e.failed()).as(s.toString()).isTrue();
            assertThat(e.failure()).hasMessageContaining("2 tokens");
            assertThat(e.trace()).contains("at Queue 'slot'");
            assertThat(Explorer.replay(e.failingSeed(), CHECK_THEN_OFFER).trace()).isEqualTo(e.trace());
        }
    }

    @Test
    void theSameCheckUnderALockPassesEverySeed() {
        for (Strategy s : Strategy.values()) {
            Exploration e = Explorer.builder().strategy(s).seeds(500).build().explore(CHECK_THEN_OFFER_LOCKED);
            assertThat(e.failed()).as(s + ": " + e).isFalse();
            assertThat(e.schedulesRun()).isEqualTo(500);
        }
    }

    @Test
    void aRaceBetweenAReadAndASetOfAnEventIsFound() {
        Exploration e = Explorer.explore(FIRST_SETTER_WINS);
        assertThat(e.failed()).isTrue();
        assertThat(e.failure()).hasMessageContaining("both set the event");
    }
}
