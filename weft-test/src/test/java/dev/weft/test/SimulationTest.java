package dev.weft.test;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.diag.DeadlockException;
import dev.weft.sync.Condition;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class SimulationTest {

    private static Callable<Integer> racyCounter() {
        return RacyCounter::race;
    }

    @Test
    void sameSeedGivesByteIdenticalTrace() {
        for (long seed = 0; seed < 50; seed++) {
            Run.Outcome a = Run.of(Schedule.random(seed), Run.Limits.DEFAULT, true, racyCounter());
            Run.Outcome b = Run.of(Schedule.random(seed), Run.Limits.DEFAULT, true, racyCounter());
            assertThat(b.trace()).isEqualTo(a.trace());
            assertThat(b.value()).isEqualTo(a.value());
            assertThat(b.choices()).isEqualTo(a.choices());
        }
    }

    @Test
    void seedsReachBothOutcomesOfARace() {
        Set<Integer> results = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            results.add(Simulation.run(seed, racyCounter()));
        }
        assertThat(results).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void pctSeedsReachBothOutcomesOfARace() {
        Set<Integer> results = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            results.add(Simulation.run(new Schedule(Strategy.PCT, 2, 20, seed).encode(), racyCounter()));
        }
        assertThat(results).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void virtualClockJumpsOverSleeps() {
        long took = Simulation.run(7, () -> {
            long start = Weft.loop().nanoTime();
            Weft.sleep(Duration.ofHours(1).minusSeconds(1));
            return Weft.loop().nanoTime() - start;
        });
        assertThat(took).isEqualTo(Duration.ofHours(1).minusSeconds(1).toNanos());
    }

    @Test
    void threadSleepIsReportedAsALeakWithItsStack() {
        assertThatThrownBy(() -> Simulation.run(1, () -> {
            Thread.sleep(200);
            return null;
        })).isInstanceOf(NondeterminismException.class)
                .hasMessageContaining("task 'main'")
                .satisfies(e -> assertThat(List.of(e.getStackTrace()).toString()).contains("sleep"));
    }

    @Test
    void aForeignThreadsLatchIsALeak() {
        CountDownLatch latch = new CountDownLatch(1);
        Thread foreign = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            latch.countDown();
        });
        assertThatThrownBy(() -> Simulation.run(1, () -> Simulation.thread("waiter", () -> {
            latch.await();
            return null;
        }).join())).isInstanceOf(NondeterminismException.class).hasMessageContaining("thread 'waiter'");
        latch.countDown();
        foreign.interrupt();
    }

    @Test
    void lockOrderDeadlockIsReportedAsACycle() {
        boolean found = false;
        for (long seed = 0; seed < 100 && !found; seed++) {
            try {
                Simulation.run(seed, () -> {
                    Lock a = new Lock("a");
                    Lock b = new Lock("b");
                    Task<Object> one = Simulation.thread("one", () -> both(a, b));
                    Task<Object> two = Simulation.thread("two", () -> both(b, a));
                    one.join();
                    two.join();
                    return null;
                });
            } catch (DeadlockException e) {
                found = true;
                assertThat(e.report().parties()).containsExactlyInAnyOrder("thread 'one'", "thread 'two'");
                assertThat(e.report().resources()).contains("Lock 'a'", "Lock 'b'");
            }
        }
        assertThat(found).isTrue();
    }

    private static Object both(Lock first, Lock second) {
        try (Lock.Held x = first.hold(); Lock.Held y = second.hold()) {
            return null;
        }
    }

    @Test
    void aWaitThatNothingCanEndIsAGlobalDeadlock() {
        assertThatThrownBy(() -> Simulation.run(3, () -> {
            Lock lock = new Lock("l");
            Condition never = new Condition(lock);
            try (Lock.Held held = lock.hold()) {
                never.await();
            }
            return null;
        })).isInstanceOf(DeadlockException.class).hasMessageContaining("task 'main'");
    }

    @Test
    void aBusyScenarioPastTheTimeLimitTimesOut() {
        assertThatThrownBy(() -> Simulation.run(3, () -> {
            while (true) {
                Weft.sleep(Duration.ofMinutes(7));
            }
        })).isInstanceOf(SimulationTimeoutException.class).hasMessageContaining("virtual time");
    }

    @Test
    void aSpinOnPointsPassesTheStepLimit() {
        assertThatThrownBy(() -> Simulation.run(3, () -> {
            while (true) {
                Simulation.point();
            }
        })).isInstanceOf(SimulationTimeoutException.class).hasMessageContaining("steps");
    }

    @Test
    void aFailureNobodyJoinedEndsTheRun() {
        assertThatThrownBy(() -> Simulation.run(3, () -> {
            Weft.spawn("lost", () -> {
                throw new IllegalStateException("boom");
            });
            Weft.sleep(Duration.ofSeconds(1));
            return null;
        })).isInstanceOf(UnhandledFailureException.class).hasRootCauseMessage("boom");
    }

    @Test
    void queueOperationsAreSwitchPoints() {
        Set<String> orders = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            orders.add(Simulation.run(seed, () -> {
                Queue<String> q = new Queue<>(8);
                StringBuilder order = new StringBuilder();
                Task<Object> a = Simulation.thread(() -> { q.put("a"); Simulation.point(); order.append('a'); return null; });
                Task<Object> b = Simulation.thread(() -> { q.put("b"); Simulation.point(); order.append('b'); return null; });
                a.join();
                b.join();
                return q.take() + q.take() + "/" + order;
            }));
        }
        assertThat(orders).containsExactlyInAnyOrder("ab/ab", "ba/ba", "ab/ba", "ba/ab");
    }

    @Test
    void pointOutsideASimulationDoesNothingAndThreadNeedsOne() {
        Simulation.point();
        assertThat(Simulation.isActive()).isFalse();
        assertThatThrownBy(() -> Simulation.thread(() -> null)).isInstanceOf(IllegalStateException.class);
        assertThat(Weft.run(() -> Simulation.isActive())).isFalse();
        assertThat(Simulation.run(1, Simulation::isActive)).isTrue();
    }
}
