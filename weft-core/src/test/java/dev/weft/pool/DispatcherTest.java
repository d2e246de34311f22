package dev.weft.pool;

import dev.weft.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How a process pool hands out jobs: one waits ahead in a busy worker (prefetch); a worker that
 * goes idle takes over a job waiting ahead elsewhere; a job waiting ahead that is cancelled never
 * runs and costs no worker; one waiting behind a crash runs elsewhere, once. Repeated, since each
 * is a race between the pool and its workers.
 */
@Timeout(120)
class DispatcherTest {
    private static ProcessPool two;
    private static ProcessPool one;
    private Beacon beacon;

    @BeforeAll
    static void open() {
        two = ProcessPool.open(ProcessPool.Options.workers(2).spares(0).name("prefetch-2").forwardStderr(false));
        one = ProcessPool.open(ProcessPool.Options.workers(1).spares(0).name("prefetch-1").forwardStderr(false));
    }

    @AfterAll
    static void close() {
        two.close();
        one.close();
    }

    @BeforeEach
    void beacon() {
        beacon = Beacon.create();
    }

    @AfterEach
    void closeBeacon() {
        beacon.close();
    }

    /** A job that marks {@code started} with its pid, then waits until the test marks {@code release}. */
    private Task<Long> held(int started, int release) {
        String b = beacon.name();
        return two.submit(() -> {
            Beacon.mark(b, started, Jobs.pid());
            Beacon.until(() -> Beacon.read(b, release) != 0, "the test to release it");
            return Jobs.pid();
        });
    }

    @RepeatedTest(5)
    void aJobWaitingAheadOfALongOneIsTakenOverByAWorkerThatGoesIdle() {
        Task<Long> longOne = held(0, 1);
        Task<Long> shortOne = held(2, 3);
        beacon.await(0);
        beacon.await(2);
        String b = beacon.name();
        Task<Long> next = two.submit(() -> {
            Beacon.increment(b, 4);
            return Jobs.pid();
        });
        Beacon.mark(b, 3, 1);                          // the short one ends; the long one holds on
        long ranOn = next.join();
        assertThat(longOne.isDone()).as("it ran while the long job still held its worker").isFalse();
        assertThat(ranOn).isEqualTo(shortOne.join());
        Beacon.mark(b, 1, 1);
        assertThat(longOne.join()).isNotEqualTo(ranOn);
        assertThat(beacon.get(4)).isEqualTo(1);
    }

    @RepeatedTest(5)
    void aCancelledJobWaitingAheadNeverRunsAndCostsNoWorker() {
        long kills = two.statistics().kills();
        Task<Long> a = held(0, 1);
        Task<Long> c = held(2, 1);
        beacon.await(0);
        beacon.await(2);
        String b = beacon.name();
        List<Task<Long>> ahead = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ahead.add(two.submit(() -> Beacon.increment(b, 5)));
        }
        long recalled = two.statistics().recalled();
        ahead.forEach(Task::cancel);
        Beacon.until(() -> two.statistics().recalled() == recalled + 2, "both workers to give their job back");
        Beacon.mark(b, 1, 1);
        assertThat(a.join()).isPositive();
        assertThat(c.join()).isPositive();
        assertThat(two.submit(() -> Beacon.read(b, 5)).join()).isZero();
        assertThat(ahead).allMatch(Task::isCancelled);
        assertThat(two.statistics().kills()).isEqualTo(kills);
    }

    @RepeatedTest(5)
    void aJobWaitingBehindACrashRunsOnceOnAnotherWorker() {
        String b = beacon.name();
        Task<Integer> crasher = one.submit(() -> {
            Beacon.mark(b, 0, Jobs.pid());
            Beacon.until(() -> Beacon.read(b, 1) != 0, "the test to let it crash");
            return Jobs.exitWith(3);
        });
        long crashedPid = beacon.await(0);
        Task<Long> behind = one.submit(() -> {
            Beacon.increment(b, 2);
            return Jobs.pid();
        });
        Beacon.mark(b, 1, 1);
        catchThrowableOfType(WorkerCrashedException.class, crasher::join);
        assertThat(behind.join()).isNotEqualTo(crashedPid);
        assertThat(beacon.get(2)).isEqualTo(1);
    }

    @RepeatedTest(3)
    void cancellingJobsAtRandomNeverConfusesAWorker() {
        List<String> complaints = new ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.weft.pool");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                synchronized (complaints) {
                    complaints.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try (ProcessPool deep = ProcessPool.open(ProcessPool.Options.workers(2).prefetch(4).forwardStderr(false))) {
            java.util.Random random = new java.util.Random(42);
            for (int round = 0; round < 30; round++) {
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    tasks.add(deep.submit(() -> n));
                }
                for (int i = 0; i < 40; i++) {
                    tasks.get(random.nextInt(tasks.size())).cancel();   // queued here, waiting in a worker, or running
                }
                for (int i = 0; i < tasks.size(); i++) {
                    if (!tasks.get(i).isCancelled()) {
                        assertThat(tasks.get(i).join()).isEqualTo(i);
                    }
                }
            }
            assertThat(deep.statistics().crashes()).isZero();
        } finally {
            log.removeHandler(handler);
        }
        synchronized (complaints) {
            assertThat(complaints).noneMatch(m -> m.contains(" sent "));
        }
    }

    @RepeatedTest(3)
    void manyShortJobsThroughOneWorkerComeBackInFullAndInOrder() {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            tasks.add(one.submit(() -> n * 3));
        }
        for (int i = 0; i < 500; i++) {
            assertThat(tasks.get(i).join()).isEqualTo(i * 3);
        }
    }
}
