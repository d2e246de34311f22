package dev.weft.pool;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Calling off process-pool jobs: a cancelled or timed-out running job takes only its own worker
 * with it (and a replacement starts); a queued one is dropped; cancelling the task that waits
 * on a job — through a {@link TaskGroup} or a timeout scope — reaches the job. Each test shows
 * that the other jobs completed and that the pool goes on.
 */
@Timeout(120)
class ProcessCancellationTest {
    private static ProcessPool pool;
    private Beacon beacon;

    @BeforeAll
    static void open() {
        pool = ProcessPool.open(ProcessPool.Options.workers(2).name("cancel-pool").forwardStderr(false));
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @BeforeEach
    void beacon() {
        beacon = Beacon.create();
    }

    @org.junit.jupiter.api.AfterEach
    void closeBeacon() {
        beacon.close();
    }

    /** Submits a job that marks {@code slot} with its worker's pid and blocks, and waits until it runs. */
    private Task<String> running(int slot) {
        String b = beacon.name();
        Task<String> t = pool.submit(() -> Jobs.announceAndBlock(b, slot));
        beacon.await(slot);
        return t;
    }

    private static void assertOnlyThatWorkerWasKilled(long pid, List<Long> othersBefore, long killsBefore) {
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        Beacon.until(() -> !pool.workerPids().contains(pid), "the pool to see its worker go");
        assertThat(pool.statistics().kills()).isGreaterThan(killsBefore);
        assertThat(pool.workerPids()).containsAll(othersBefore);
        assertThat(pool.submit(() -> "pool goes on").join()).isEqualTo("pool goes on");
        Beacon.until(() -> pool.statistics().liveWorkers() == 3, "the replacement");
    }

    private static List<Long> othersThan(long pid) {
        List<Long> others = new ArrayList<>(pool.workerPids());
        others.remove(pid);
        return others;
    }

    @Test
    void cancellingARunningJobKillsOnlyItsWorker() {
        long kills = pool.statistics().kills();
        Task<String> victim = running(0);
        long pid = beacon.get(0);
        List<Long> others = othersThan(pid);
        Task<Long> neighbour = pool.submit(() -> Jobs.sumOfSquares(1_000_000));

        assertThat(victim.cancel()).isTrue();
        assertThatThrownBy(victim::join).isInstanceOf(CancellationException.class);
        assertThat(victim.state()).isEqualTo(java.util.concurrent.Future.State.CANCELLED);
        assertThat(neighbour.join()).isEqualTo(Jobs.sumOfSquares(1_000_000));
        assertOnlyThatWorkerWasKilled(pid, others, kills);
    }

    @Test
    void aJobThatOutlivesItsTimeoutFailsAndItsWorkerIsKilled() {
        long kills = pool.statistics().kills();
        String b = beacon.name();
        Task<String> slow = pool.submit("slow", Duration.ofMillis(300), () -> Jobs.announceAndBlock(b, 1));
        long pid = beacon.await(1);
        List<Long> others = othersThan(pid);
        Task<Long> neighbour = pool.submit("quick", Duration.ofSeconds(30), () -> Jobs.sumOfSquares(10));

        assertThatThrownBy(slow::join).isInstanceOf(TimedOutException.class).hasMessageContaining("PT0.3S");
        assertThat(neighbour.join()).isEqualTo(385L);
        assertOnlyThatWorkerWasKilled(pid, others, kills);
    }

    @Test
    void aQueuedJobThatIsCancelledNeverRuns() {
        Task<String> a = running(2);
        Task<String> b = running(3);
        String name = beacon.name();
        Task<Long> queued = pool.submit(() -> Beacon.increment(name, 4));
        assertThat(queued.cancel()).isTrue();
        a.cancel();
        b.cancel();
        assertThat(pool.submit(() -> Beacon.read(name, 4)).join()).isZero();
    }

    @Test
    void cancellingATaskGroupReachesThePoolJobItsTaskWaitsOn() {
        long kills = pool.statistics().kills();
        String b = beacon.name();
        Throwable e = catchThrowable(() -> Weft.run(() -> TaskGroup.run(group -> {
            group.spawn("waits on a job", () -> pool.submit(() -> Jobs.announceAndBlock(b, 5)).join());
            group.spawn("fails", () -> {
                Weft.toThread(() -> beacon.await(5));
                throw new IllegalStateException("boom");
            });
            return null;
        })));
        assertThat(e).isInstanceOf(TaskGroupException.class);
        long pid = beacon.get(5);
        assertOnlyThatWorkerWasKilled(pid, othersThan(pid), kills);
    }

    @Test
    void aTimeoutScopeAroundAJoinCancelsTheJob() {
        long kills = pool.statistics().kills();
        String b = beacon.name();
        Throwable e = catchThrowable(() -> Weft.run(() -> {
            Task<String> job = pool.submit(() -> Jobs.announceAndBlock(b, 6));
            Weft.toThread(() -> beacon.await(6));
            return Weft.withTimeout(Duration.ofMillis(50), job::join);
        }));
        assertThat(e).isInstanceOf(TimedOutException.class);
        long pid = beacon.get(6);
        assertOnlyThatWorkerWasKilled(pid, othersThan(pid), kills);
    }

    @Test
    void aThreadInterruptedWhileJoiningCancelsItsJob() throws InterruptedException {
        long kills = pool.statistics().kills();
        String b = beacon.name();
        Throwable[] seen = new Throwable[1];
        Thread joiner = Thread.ofPlatform().start(() ->
                seen[0] = catchThrowable(() -> pool.submit(() -> Jobs.announceAndBlock(b, 7)).join()));
        long pid = beacon.await(7);
        joiner.interrupt();
        joiner.join();
        assertThat(seen[0]).isInstanceOf(CancellationException.class);
        assertOnlyThatWorkerWasKilled(pid, othersThan(pid), kills);
    }

    @Test
    void aWaiterWhoIsNotTheOwnerLeavesTheJobRunning() throws Exception {
        Task<String> job = running(8);
        Throwable e = catchThrowable(() -> Weft.run(() -> Weft.withTimeout(Duration.ofMillis(50), job::join)));
        assertThat(e).isInstanceOf(TimedOutException.class);
        assertThat(job.isDone()).isFalse();
        assertThatThrownBy(() -> job.get(10, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(job.isDone()).isFalse();
        job.cancel();
        long pid = beacon.get(8);
        Beacon.until(() -> !pool.workerPids().contains(pid), "the pool to see its worker go");
    }
}
