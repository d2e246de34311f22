package dev.weft.diag;

import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.pool.ThreadPool;
import dev.weft.sync.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static dev.weft.diag.DiagTesting.assertCoffman;
import static dev.weft.diag.DiagTesting.run;
import static dev.weft.diag.DiagTesting.virtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Waits on thread-pool jobs are edges of the wait-for graph: to the job's thread, or to every pool thread while it is queued. */
@Timeout(60)
class PoolDeadlockTest {
    private static final int ROUNDS = 50;

    @Test
    void aJobJoiningAJobQueuedBehindItOnAOneThreadPoolIsThreadStarvation() {
        for (int i = 0; i < ROUNDS; i++) {
            try (ThreadPool pool = ThreadPool.open("starved", 1)) {
                Task<Integer> outer = pool.submit(() -> pool.submit(() -> 42).join());
                DeadlockException e = catchThrowableOfType(DeadlockException.class, outer::join);
                assertThat(e).as("round %d", i).isNotNull();
                assertThat(String.join(" ", e.report().parties())).contains("thread 'starved-1'");
                assertCoffman(e.report());
            }
        }
    }

    @Test
    void aTaskJoiningAJobThatNeedsALockTheTaskHoldsIsCaught() {
        for (long seed = 0; seed < ROUNDS; seed++) {
            try (ThreadPool pool = ThreadPool.open("workers", 2)) {
                DeadlockException e = run(virtual(seed), () -> {
                    Lock lock = new Lock("ledger");
                    try (var held = lock.hold()) {
                        Task<Object> job = pool.submit(() -> {
                            try (var inner = lock.hold()) {
                                return null;
                            }
                        });
                        return catchThrowableOfType(DeadlockException.class, job::join);
                    }
                });
                assertThat(e).as("seed %d", seed).isNotNull();
                assertThat(String.join(" ", e.report().parties())).contains("task 'main'", "thread 'workers-");
                assertThat(e.report().resources()).contains("ledger");
            }
        }
    }

    @Test
    void aJobJoiningAQueuedJobWhileAnotherThreadRunsIsNoDeadlock() throws InterruptedException {
        for (int i = 0; i < ROUNDS; i++) {
            try (ThreadPool pool = ThreadPool.open("busy", 2)) {
                CountDownLatch busy = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Task<Object> blocker = pool.submit(() -> {
                    busy.countDown();
                    release.await();
                    return null;
                });
                busy.await();
                // The outer job takes the pool's last free thread and waits for a job queued behind
                // it; the blocker's thread is free to take it up once released.
                Task<Integer> outer = pool.submit(() -> pool.submit(() -> 7).join());
                release.countDown();
                assertThat(outer.join()).isEqualTo(7);
                blocker.join();
            }
        }
    }

    @Test
    void aRunningJobWithATimeoutEndsOnItsOwnAndIsNoEdge() {
        for (long seed = 0; seed < 5; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            try (ThreadPool pool = ThreadPool.open("timed", 1)) {
                Throwable t = run(reports.on(virtual(seed)), () -> {
                    Lock lock = new Lock("ledger");
                    try (var held = lock.hold()) {
                        Task<Object> job = pool.submit("needs the ledger", Duration.ofMillis(20), () -> {
                            try (var inner = lock.hold()) {
                                return null;
                            }
                        });
                        return catchThrowableOfType(TimedOutException.class, job::join);
                    }
                });
                assertThat(t).as("seed %d", seed).isNotNull();
                assertThat(reports.deadlockish()).isEmpty();
            }
        }
    }
}
