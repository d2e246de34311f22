package dev.weft.pool;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.TaskFailedException;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link ThreadPool}: results, failures, cancellation of queued and running jobs, timeouts,
 * owners taking their jobs with them, closing. Jobs that block wait on latches, with a bound,
 * so that a broken pool fails a test instead of hanging it.
 */
@Timeout(60)
class ThreadPoolTest {
    private static final long SAFETY = 10;

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(SAFETY, TimeUnit.SECONDS)) {
                throw new AssertionError("latch never opened");
            }
        } catch (InterruptedException e) {
            throw new CancellationException("interrupted");
        }
    }

    @Test
    void mapEqualsTheSequentialAnswerForEveryChunkSize() {
        List<Integer> input = IntStream.range(0, 2_000).boxed().toList();
        List<Long> sequential = input.stream().map(n -> Jobs.sumOfSquares(n)).toList();
        try (ThreadPool pool = ThreadPool.open(2)) {
            for (int chunk : new int[] {1, 3, 100, 2_000, 5_000}) {
                assertThat(pool.map(Jobs::sumOfSquares, input, chunk)).as("chunk size %d", chunk).isEqualTo(sequential);
                List<Long> unordered = new ArrayList<>();
                pool.mapUnordered(Jobs::sumOfSquares, input, chunk).forEach(unordered::add);
                assertThat(unordered).containsExactlyInAnyOrderElementsOf(sequential);
            }
        }
    }

    @Test
    void jobsRunOnThePoolsOwnPlatformThreads() {
        try (ThreadPool pool = ThreadPool.open("crunch", 2)) {
            Thread t = pool.submit(Thread::currentThread).join();
            assertThat(t.isVirtual()).isFalse();
            assertThat(t.getName()).startsWith("crunch-");
            assertThat(t).isNotSameAs(Thread.currentThread());
        }
    }

    @Test
    void joiningFromATaskSuspendsOnlyThatTask() {
        CountDownLatch release = new CountDownLatch(1);
        try (ThreadPool pool = ThreadPool.open(1)) {
            String r = Weft.run(() -> {
                Task<String> job = pool.submit(() -> {
                    await(release);
                    return "released by a sibling task";
                });
                Weft.spawn(() -> {
                    release.countDown();
                    return null;
                });
                return job.join();
            });
            assertThat(r).isEqualTo("released by a sibling task");
        }
    }

    @Test
    void aVirtualClockHoldsStillWhileATaskWaitsOnAJob() {
        try (ThreadPool pool = ThreadPool.open(1)) {
            List<String> trace = Weft.run(EventLoop.Options.defaults().withVirtualTime(), () -> {
                List<String> t = Collections.synchronizedList(new ArrayList<>());
                Weft.spawn(() -> {
                    Weft.sleep(Duration.ofMinutes(5));
                    t.add("slept");
                    return null;
                });
                pool.submit(() -> Jobs.sumOfSquares(5_000_000)).join();
                t.add("job done at " + Weft.loop().nanoTime());
                Weft.sleep(Duration.ofMinutes(10));
                return t;
            });
            assertThat(trace).containsExactly("job done at 0", "slept");
        }
    }

    @Test
    void failuresAreRethrownAsThrown() {
        try (ThreadPool pool = ThreadPool.open(1)) {
            IllegalStateException boom = new IllegalStateException("boom");
            assertThat(catchThrowable(() -> pool.submit(() -> {
                throw boom;
            }).join())).isSameAs(boom);
            assertThatThrownBy(() -> pool.submit(() -> {
                throw new java.io.IOException("disk");
            }).join()).isInstanceOf(TaskFailedException.class).cause().hasMessage("disk");
        }
    }

    @Test
    void aCancelledQueuedJobNeverRuns() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try (ThreadPool pool = ThreadPool.open(1)) {
            Task<Object> blocker = pool.submit(() -> {
                await(release);
                return null;
            });
            Task<Integer> queued = pool.submit(ran::incrementAndGet);
            assertThat(queued.cancel()).isTrue();
            release.countDown();
            blocker.join();
            assertThat(pool.submit(() -> "after").join()).isEqualTo("after");
            assertThat(queued.state()).isEqualTo(Future.State.CANCELLED);
            assertThat(ran).hasValue(0);
        }
    }

    @Test
    void cancellingARunningJobInterruptsItsThread() {
        CountDownLatch started = new CountDownLatch(1);
        try (ThreadPool pool = ThreadPool.open(2)) {
            Task<String> job = pool.submit(() -> {
                started.countDown();
                return Jobs.blockForever();
            });
            Task<Long> neighbour = pool.submit(() -> Jobs.sumOfSquares(1000));
            await(started);
            assertThat(job.cancel()).isTrue();
            assertThatThrownBy(job::join).isInstanceOf(CancellationException.class);
            assertThat(neighbour.join()).isEqualTo(Jobs.sumOfSquares(1000));
            assertThat(pool.submit(() -> "thread reused").join()).isEqualTo("thread reused");
        }
    }

    @Test
    void aJobThatOutlivesItsTimeoutIsInterruptedAndFails() {
        try (ThreadPool pool = ThreadPool.open(1)) {
            Task<String> slow = pool.submit("slow", Duration.ofMillis(50), Jobs::blockForever);
            assertThatThrownBy(slow::join).isInstanceOf(TimedOutException.class);
            assertThat(pool.submit(() -> "next").join()).isEqualTo("next");
        }
    }

    @RepeatedTest(5)
    void cancellingATaskGroupReachesThePoolJobItsTaskWaitsOn() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (ThreadPool pool = ThreadPool.open(1)) {
            Throwable e = catchThrowable(() -> Weft.run(() -> TaskGroup.run(group -> {
                group.spawn(() -> pool.submit(() -> {
                    started.countDown();
                    try {
                        return Jobs.blockForever();
                    } finally {
                        interrupted.countDown();
                    }
                }).join());
                group.spawn(() -> {
                    Weft.toThread(() -> {
                        await(started);
                        return null;
                    });
                    throw new IllegalStateException("sibling failed");
                });
                return null;
            })));
            assertThat(e).isInstanceOf(TaskGroupException.class);
            await(interrupted);
            assertThat(pool.submit(() -> "free again").join()).isEqualTo("free again");
        }
    }

    @Test
    void shutdownNowCancelsWhatHasNotStarted() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ThreadPool pool = ThreadPool.open(1);
        Task<String> running = pool.submit(() -> {
            started.countDown();
            await(release);
            return "done";
        });
        await(started);
        List<Task<Integer>> queued = List.of(pool.submit(() -> 1), pool.submit(() -> 2));
        assertThat(pool.shutdownNow()).containsExactlyInAnyOrderElementsOf(queued);
        assertThatThrownBy(() -> pool.submit(() -> 3)).isInstanceOf(PoolClosedException.class);
        release.countDown();
        pool.close();
        assertThat(running.join()).isEqualTo("done");
        assertThat(queued).allMatch(Task::isCancelled);
    }

    @Test
    void aTimedCloseInterruptsWhatIsStillRunning() {
        ThreadPool pool = ThreadPool.open(1);
        CountDownLatch started = new CountDownLatch(1);
        Task<String> hung = pool.submit(() -> {
            started.countDown();
            return Jobs.blockForever();
        });
        await(started);
        assertThat(pool.close(Duration.ofMillis(20))).isFalse();
        assertThat(hung.isCancelled()).isTrue();
        assertThat(pool.isClosed()).isTrue();
    }

    @Test
    void aFailureNobodyJoinedIsReportedWhenThePoolCloses() {
        List<java.util.logging.LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.weft.pool");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            ThreadPool pool = ThreadPool.open("forgetful", 1);
            pool.submit("unjoined", null, () -> {
                throw new IllegalStateException("lost?");
            });
            Task<Object> joined = pool.submit("joined", null, () -> {
                throw new IllegalStateException("seen");
            });
            catchThrowable(joined::join);
            pool.close();
        } finally {
            log.removeHandler(handler);
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getMessage()).isEqualTo("unjoined failed, and nobody joined it");
            assertThat(r.getThrown()).hasMessage("lost?");
        });
    }

    @Test
    void closeWaitsForEveryJob() {
        ThreadPool pool = ThreadPool.open(2);
        List<Task<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = 10_000 * i;
            tasks.add(pool.submit(() -> Jobs.sumOfSquares(n)));
        }
        pool.close();
        assertThat(tasks).allMatch(t -> t.state() == Future.State.SUCCESS);
    }
}
