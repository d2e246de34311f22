package dev.weft.pool;

import dev.weft.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Crash containment: a worker that exits, is killed or runs out of memory fails only the job it
 * was running, with a report that says how; the other jobs complete, a replacement starts, and
 * nothing runs twice unless retries were asked for. Every test checks the neighbours and the
 * recovery, not just the failure.
 */
@Timeout(120)
class WorkerCrashTest {
    private static ProcessPool pool;
    private static ProcessPool retrying;
    private static Beacon beacon;

    @BeforeAll
    static void open() {
        pool = ProcessPool.open(ProcessPool.Options.workers(2).name("crash-pool").maxHeap("64m")
                .quarantineAfter(2).forwardStderr(false));
        retrying = ProcessPool.open(ProcessPool.Options.workers(1).name("retry-pool").retries(1)
                .quarantineAfter(0).forwardStderr(false));
        beacon = Beacon.create();
    }

    @AfterAll
    static void close() {
        pool.close();
        retrying.close();
        beacon.close();
    }

    /** Neighbour jobs submitted around a crash: all must complete with their right answers. */
    private static List<Task<Long>> neighbours(int n) {
        List<Task<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = 20_000 + i;
            tasks.add(pool.submit(() -> Jobs.sumOfSquares(k)));
        }
        return tasks;
    }

    private static void assertNeighboursCompleted(List<Task<Long>> tasks) {
        for (int i = 0; i < tasks.size(); i++) {
            assertThat(tasks.get(i).join()).isEqualTo(Jobs.sumOfSquares(20_000 + i));
        }
    }

    private static void assertRecovered(long crashesBefore) {
        assertThat(pool.submit(() -> "after the crash").join()).isEqualTo("after the crash");
        ProcessPool.Statistics s = pool.statistics();
        assertThat(s.crashes()).isEqualTo(crashesBefore + 1);
        assertThat(s.liveWorkers()).isEqualTo(3);
    }

    @Test
    void aWorkerThatExitsFailsOnlyItsJobNamingTheExitStatus() {
        long crashes = pool.statistics().crashes();
        List<Task<Long>> before = neighbours(4);
        int status = 3;
        Task<Integer> crasher = pool.submit("exits", null, () -> Jobs.exitWith(status));
        List<Task<Long>> after = neighbours(4);

        WorkerCrashedException e = catchThrowableOfType(WorkerCrashedException.class, crasher::join);
        assertThat(e).hasMessageContaining("exit status 3").hasMessageContaining("exits");
        CrashReport r = e.report();
        assertThat(r.job()).isEqualTo("exits");
        assertThat(r.exitStatus()).isEqualTo(3);
        assertThat(r.signal()).isZero();
        assertThat(r.outOfMemory()).isFalse();
        assertThat(r.input()).contains("with [3]");
        assertThat(r.stderrTail()).contains("about to exit with 3");
        assertThat(r.toText()).contains("exit status 3", "about to exit with 3", "job:", "input:");
        assertNeighboursCompleted(before);
        assertNeighboursCompleted(after);
        assertRecovered(crashes);
    }

    @Test
    void aWorkerKilledWithSignalNineFailsOnlyItsJob() {
        long crashes = pool.statistics().crashes();
        List<Task<Long>> around = neighbours(6);
        Task<Integer> victim = pool.submit(Jobs::killNineMyself);
        around.addAll(neighbours(2));

        CrashReport r = catchThrowableOfType(WorkerCrashedException.class, victim::join).report();
        assertThat(r.signal()).isEqualTo(9);
        assertThat(r.exitStatus()).isEqualTo(137);
        assertThat(r.howItEnded()).isEqualTo("killed by signal 9 (SIGKILL), exit status 137");
        assertThat(r.evidence()).contains("SIGKILL the pool did not send");
        assertThat(r.stderrTail()).contains("sending myself SIGKILL");
        assertNeighboursCompleted(around.subList(0, 6));
        assertNeighboursCompleted(around.subList(6, 8));
        assertRecovered(crashes);
    }

    @Test
    void aWorkerOutOfMemoryFailsOnlyItsJobAndSaysSo() {
        long crashes = pool.statistics().crashes();
        List<Task<Long>> around = neighbours(4);
        Task<Integer> hog = pool.submit(Jobs::exhaustHeap);

        CrashReport r = catchThrowableOfType(WorkerCrashedException.class, hog::join).report();
        assertThat(r.outOfMemory()).isTrue();
        assertThat(r.evidence()).contains("OutOfMemoryError", "Java heap space", "maxHeap");
        assertThat(r.summary()).contains("probably out of memory");
        assertNeighboursCompleted(around);
        assertRecovered(crashes);
    }

    @Test
    void aCrashInAMapChunkFailsTheMapAndNamesTheChunk() {
        long crashes = pool.statistics().crashes();
        List<Integer> input = IntStream.range(0, 40).boxed().toList();
        WorkerCrashedException e = catchThrowableOfType(WorkerCrashedException.class,
                () -> pool.map(x -> x == 13 ? Jobs.exitWith(5) : x, input, 5));
        assertThat(e.report().input()).isEqualTo("map chunk [10, 11, 12, 13, 14]");
        assertThat(e.report().exitStatus()).isEqualTo(5);
        assertThat(pool.map(x -> x + 1, input, 5)).isEqualTo(input.stream().map(x -> x + 1).toList());
        assertRecovered(crashes);
    }

    @Test
    void withoutRetriesACrashedJobNeverRunsTwice() {
        String b = beacon.name();
        Task<Long> t = pool.submit(() -> Beacon.increment(b, 1) == 1 ? Jobs.exitWith(9) : 0L);
        catchThrowableOfType(WorkerCrashedException.class, t::join);
        assertThat(pool.submit(() -> "next").join()).isEqualTo("next");
        assertThat(beacon.get(1)).isEqualTo(1);
    }

    @Test
    void withRetriesACrashedJobRunsAgainOnAFreshWorker() {
        String b = beacon.name();
        Task<Long> t = retrying.submit(() -> {
            Beacon.mark(b, 3 + (int) Beacon.increment(b, 2), Jobs.pid());
            return Beacon.read(b, 2) == 1 ? (long) Jobs.exitWith(4) : Jobs.pid();
        });
        long pid = t.join();
        assertThat(beacon.get(2)).isEqualTo(2);
        assertThat(beacon.get(4)).isNotEqualTo(beacon.get(5));
        assertThat(pid).isEqualTo(beacon.get(5));
        assertThat(retrying.statistics().crashes()).isEqualTo(1);
    }

    @Test
    void anInputThatKeepsCrashingWorkersIsQuarantinedAndNeverHangsThePool() {
        String b = beacon.name();
        int slot = 10;
        List<CrashReport> reports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Task<Long> t = pool.submit(() -> Beacon.increment(b, slot) > 0 ? (long) Jobs.exitWith(6) : 0L);
            reports.add(catchThrowableOfType(WorkerCrashedException.class, t::join).report());
        }
        assertThat(reports.get(0).quarantined()).isFalse();
        assertThat(reports.get(1).quarantined()).isTrue();
        assertThat(reports.get(2)).isEqualTo(reports.get(1));
        assertThat(beacon.get(slot)).as("the quarantined third job never ran").isEqualTo(2);
        assertThat(pool.quarantined()).contains(reports.get(1));
        assertThat(pool.submit(() -> "other inputs run").join()).isEqualTo("other inputs run");
    }

    @Test
    void anIdleWorkerThatDiesIsReplacedWithoutLosingAJob() {
        long crashes = pool.statistics().crashes();
        List<Long> pids = pool.workerPids();
        ProcessHandle.of(pids.getFirst()).orElseThrow().destroyForcibly();
        List<Task<Long>> jobs = neighbours(8);
        assertNeighboursCompleted(jobs);
        Beacon.until(() -> pool.statistics().crashes() == crashes + 1, "the pool to see the death");
        Beacon.until(() -> pool.statistics().liveWorkers() == 3, "the replacement");
        assertThat(pool.workerPids()).doesNotContain(pids.getFirst());
        assertThat(pool.submit(() -> "fine").join()).isEqualTo("fine");
    }
}
