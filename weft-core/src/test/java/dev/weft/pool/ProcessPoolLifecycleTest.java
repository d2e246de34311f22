package dev.weft.pool;

import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Opening and closing process pools: no worker process outlives {@code close()}; close waits,
 * {@code shutdownNow} drops what has not started, a timed close kills what hangs; broken
 * pools fail fast; initializers and worker recycling.
 */
@Timeout(120)
class ProcessPoolLifecycleTest {
    private static final ProcessPool.Options SMALL = ProcessPool.Options.workers(1).spares(0).forwardStderr(false);
    private Beacon beacon;

    @BeforeEach
    void beacon() {
        beacon = Beacon.create();
    }

    @AfterEach
    void closeBeacon() {
        beacon.close();
    }

    private static void assertAllDead(Set<Long> pids) {
        assertThat(pids).isNotEmpty();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse();
        }
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid)).doesNotContainAnyElementsOf(pids);
    }

    @Test
    void noWorkerProcessOutlivesClose() {
        Set<Long> seen = new HashSet<>();
        String b = beacon.name();
        try (ProcessPool pool = ProcessPool.open(ProcessPool.Options.workers(2).forwardStderr(false))) {
            seen.addAll(pool.workerPids());
            assertThat(pool.map(Jobs::sumOfSquares, List.of(1, 2, 3, 4), 1)).containsExactly(1L, 5L, 14L, 30L);
            Task<String> killed = pool.submit(() -> Jobs.announceAndBlock(b, 0));
            seen.add(beacon.await(0));
            killed.cancel();
            catchThrowableOfType(WorkerCrashedException.class, () -> pool.submit(() -> Jobs.exitWith(2)).join());
            Task<Long> grandchild = pool.submit(() -> new ProcessBuilder("sleep", "60").start().pid());
            seen.add(grandchild.join());
            seen.addAll(pool.workerPids());
        }
        assertAllDead(seen);
    }

    @Test
    void closeWaitsForEveryJobSubmitted() {
        List<Task<Long>> tasks = new ArrayList<>();
        ProcessPool pool = ProcessPool.open(SMALL);
        for (int i = 0; i < 5; i++) {
            int n = 100_000 * (i + 1);
            tasks.add(pool.submit(() -> Jobs.sumOfSquares(n)));
        }
        pool.close();
        for (int i = 0; i < 5; i++) {
            assertThat(tasks.get(i).state()).isEqualTo(Future.State.SUCCESS);
            assertThat(tasks.get(i).join()).isEqualTo(Jobs.sumOfSquares(100_000 * (i + 1)));
        }
        assertThat(pool.isClosed()).isTrue();
        assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(PoolClosedException.class)
                .hasMessageContaining("is closed");
        pool.close();   // idempotent
    }

    @Test
    void shutdownNowCancelsWhatHasNotStartedAndLetsTheRunningJobFinish() {
        String b = beacon.name();
        ProcessPool pool = ProcessPool.open(SMALL);
        Task<Long> running = pool.submit(() -> {
            Beacon.mark(b, 0, 1);
            Beacon.until(() -> Beacon.read(b, 1) != 0, "the test to let it finish");
            return 42L;
        });
        beacon.await(0);
        List<Task<Long>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(pool.submit(() -> Beacon.increment(b, 2)));
        }
        List<Task<?>> cancelled = pool.shutdownNow();
        assertThat(cancelled).containsExactlyInAnyOrderElementsOf(queued);
        assertThat(queued).allMatch(Task::isCancelled);
        Beacon.until(() -> pool.statistics().recalled() == 1, "the job sent ahead to be given back");
        Beacon.mark(b, 1, 1);
        pool.close();
        assertThat(running.join()).isEqualTo(42L);
        assertThat(beacon.get(2)).as("no cancelled job ran").isZero();
    }

    @Test
    void aTimedCloseKillsWhatHangsAndLeavesNoProcess() {
        String b = beacon.name();
        ProcessPool pool = ProcessPool.open(SMALL);
        Task<String> hung = pool.submit(() -> Jobs.announceAndBlock(b, 0));
        Task<Long> behind = pool.submit(() -> 7L);
        Set<Long> pids = new HashSet<>(pool.workerPids());
        pids.add(beacon.await(0));
        assertThat(pool.close(Duration.ofMillis(100))).isFalse();
        assertThat(hung.isCancelled()).isTrue();
        assertThat(behind.isCancelled()).isTrue();
        assertThatThrownBy(hung::join).isInstanceOf(CancellationException.class);
        assertAllDead(pids);
    }

    @Test
    void aPoolWhoseWorkersCannotStartIsBrokenAndSaysWhy() {
        ProcessPool pool = ProcessPool.open(SMALL.jvmArgs("-XX:+NoSuchWeftFlag"));
        Task<Integer> t;
        try {
            t = pool.submit(() -> 1);
        } catch (PoolBrokenException alreadyBroken) {
            t = null;
            assertThat(alreadyBroken).hasMessageContaining("NoSuchWeftFlag");
        }
        if (t != null) {
            assertThatThrownBy(t::join).isInstanceOf(PoolBrokenException.class)
                    .hasMessageContaining("died before they were ready")
                    .hasMessageContaining("NoSuchWeftFlag");
        }
        assertThatThrownBy(() -> pool.submit(() -> 2)).isInstanceOf(PoolBrokenException.class);
        pool.close();
        assertThat(pool.statistics().liveWorkers()).isZero();
    }

    @Test
    void awaitReadyReturnsOnceEveryWorkerHasRunItsInitializer() {
        String b = beacon.name();
        ProcessPool.Options options = ProcessPool.Options.workers(3).spares(0).forwardStderr(false)
                .initializer(() -> Beacon.increment(b, 0));
        try (ProcessPool pool = ProcessPool.open(options)) {
            assertThat(pool.awaitReady(Duration.ofSeconds(30))).isTrue();
            assertThat(beacon.get(0)).as("initializers run before ready").isEqualTo(3);
            assertThat(pool.statistics().readyWorkers()).isEqualTo(3);
            assertThat(pool.awaitReady(Duration.ZERO)).as("and it stays so").isTrue();
        }
    }

    @Test
    void awaitReadyOnAPoolWhoseWorkersCannotStartSaysWhy() {
        ProcessPool pool = ProcessPool.open(SMALL.jvmArgs("-XX:+NoSuchWeftFlag"));
        assertThatThrownBy(() -> pool.awaitReady(Duration.ofSeconds(30))).isInstanceOf(PoolBrokenException.class)
                .hasMessageContaining("NoSuchWeftFlag");
        pool.close();
        assertThatThrownBy(() -> pool.awaitReady(Duration.ZERO)).isInstanceOf(PoolBrokenException.class);
    }

    @Test
    void awaitReadyAfterAPoolClosedBeforeItsWorkersWereReadyIsRefused() {
        ProcessPool pool = ProcessPool.open(SMALL);
        pool.close();
        // either every worker was ready before the close, or the wait is refused: it never hangs
        try {
            assertThat(pool.awaitReady(Duration.ofSeconds(30))).isTrue();
        } catch (PoolClosedException refused) {
            assertThat(refused).hasMessageContaining("closed before all its workers were ready");
        }
    }

    @Test
    void theInitializerRunsOnceInEveryWorkerBeforeItsFirstJob() {
        String b = beacon.name();
        ProcessPool.Options options = ProcessPool.Options.workers(2).spares(1).forwardStderr(false)
                .initializer(() -> {
                    Jobs.greeting = "initialized in " + Jobs.pid();
                    Beacon.increment(b, 0);
                });
        try (ProcessPool pool = ProcessPool.open(options)) {
            List<String> greetings = pool.map(x -> Jobs.greeting, List.of(1, 2, 3, 4, 5, 6), 1);
            assertThat(greetings).allMatch(g -> g.startsWith("initialized in "));
        }
        assertThat(beacon.get(0)).isEqualTo(3);
    }

    @Test
    void aFailingInitializerBreaksThePoolWithItsFailure() {
        ProcessPool pool = ProcessPool.open(SMALL.initializer(() -> {
            throw new IllegalStateException("no database");
        }));
        PoolBrokenException e;
        try {
            e = catchThrowableOfType(PoolBrokenException.class, () -> pool.submit(() -> 1).join());
        } finally {
            pool.close();
        }
        assertThat(e).hasMessageContaining("initializer failed");
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("no database");
    }

    @Test
    void aWorkerIsReplacedAfterMaxTasksPerWorkerJobs() {
        Map<Long, Integer> jobsPerPid = new HashMap<>();
        ProcessPool pool = ProcessPool.open(SMALL.maxTasksPerWorker(2));
        try (pool) {
            for (int i = 0; i < 6; i++) {
                jobsPerPid.merge(pool.submit(Jobs::pid).join(), 1, Integer::sum);
            }
        }
        assertThat(jobsPerPid).hasSize(3).allSatisfy((pid, n) -> assertThat(n).isEqualTo(2));
        assertThat(pool.statistics().retired()).isEqualTo(3);
        assertThat(pool.statistics().crashes()).isZero();
    }

    @Test
    void aTaskThatClosesAPoolSuspendsOnlyItself() {
        List<String> trace = Weft.run(() -> {
            List<String> t = new ArrayList<>();
            ProcessPool pool = ProcessPool.open(SMALL);
            pool.submit(() -> Jobs.sumOfSquares(1_000_000));
            Task<Void> other = Weft.spawn(() -> {
                t.add("other ran");
                return null;
            });
            pool.close();
            t.add("closed");
            other.join();
            return t;
        });
        assertThat(trace).containsExactly("other ran", "closed");
    }
}
