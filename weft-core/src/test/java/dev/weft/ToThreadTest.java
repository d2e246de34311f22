package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link Weft#toThread}, and the promise behind it: JDK blocking calls inside a task stall no
 * other task. After CPython's test_asyncio to_thread tests.
 *
 * <p>No test waits with {@code Thread.sleep}; where a body blocks on a latch, it blocks with a
 * timeout, so that a broken loop makes a test fail instead of hang.
 */
class ToThreadTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long SAFETY_SECONDS = 5;

    private static long now() {
        return Weft.loop().nanoTime();
    }

    // ------------------------------------------------------------------ toThread

    @Test
    void bodyRunsOnAPlatformThreadThatIsNotTheLoops() {
        Thread loopThread = Thread.currentThread();
        Thread[] ranOn = new Thread[1];
        Throwable[] loopInBody = new Throwable[1];
        String value = Weft.run(VIRTUAL, () -> Weft.toThread(() -> {
            ranOn[0] = Thread.currentThread();
            loopInBody[0] = catchThrowable(Weft::loop);
            return "from a thread";
        }));
        assertThat(value).isEqualTo("from a thread");
        assertThat(ranOn[0]).isNotNull().isNotSameAs(loopThread);
        assertThat(ranOn[0].isVirtual()).isFalse();
        assertThat(loopInBody[0]).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void otherTasksKeepRunningWhileTheBodyBlocks() {
        Trace trace = new Trace();
        int[] ticks = {0};
        boolean released = Weft.run(VIRTUAL, () -> {
            CountDownLatch latch = new CountDownLatch(1);
            Weft.spawn("ticker", () -> {
                for (int i = 0; i < 100; i++) {
                    ticks[0]++;
                    Weft.yieldNow();
                }
                trace.add("ticker counts down after " + ticks[0] + " ticks");
                latch.countDown();
                return null;
            });
            // Bounded: were the loop stalled by the body, the ticker could never count down,
            // and the body would give up and answer false.
            boolean r = Weft.toThread(() -> latch.await(SAFETY_SECONDS, TimeUnit.SECONDS));
            trace.add("toThread returned " + r);
            return r;
        });
        assertThat(released).isTrue();
        trace.assertExactly("ticker counts down after 100 ticks", "toThread returned true");
    }

    @Test
    void virtualClockDoesNotJumpWhileABodyRuns() {
        Weft.run(VIRTUAL, () -> {
            Task<Long> sleeper = Weft.spawn("sleeper", () -> {
                Weft.sleep(HOUR);
                return now();
            });
            CountDownLatch never = new CountDownLatch(1);
            boolean released = Weft.toThread(() -> never.await(50, TimeUnit.MILLISECONDS));
            assertThat(released).isFalse();
            assertThat(now()).isZero();
            assertThat(sleeper.state()).isEqualTo(Future.State.RUNNING);

            assertThat(sleeper.join()).isEqualTo(HOUR.toNanos());
            assertThat(now()).isEqualTo(HOUR.toNanos());
            return null;
        });
    }

    @Test
    void cancellingTheWaitingTaskInterruptsTheBodysThread() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Promise<Thread> running = new Promise<>("body running");
            Promise<String> bodySaw = new Promise<>("body outcome");
            Task<Object> waiter = Weft.spawn("waiter", () -> Weft.toThread(() -> {
                running.complete(Thread.currentThread());
                try {
                    boolean released = new CountDownLatch(1).await(SAFETY_SECONDS, TimeUnit.SECONDS);
                    bodySaw.complete("not interrupted, released " + released);
                } catch (InterruptedException e) {
                    bodySaw.complete("interrupted");
                }
                return null;
            }));
            Thread bodyThread = running.join();
            assertThat(bodyThread.isVirtual()).isFalse();
            waiter.cancel();
            Throwable e = catchThrowable(waiter::join);
            trace.add("waiter ended " + waiter.state());
            assertThat(e).isInstanceOf(CancellationException.class);
            trace.add("body " + bodySaw.join());
            return null;
        });
        trace.assertExactly("waiter ended CANCELLED", "body interrupted");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void cancellingATaskWhoseBodyIsStillQueuedLetsTheVirtualClockMoveOn() {
        // The pool has at most 32 threads: with 32 bodies blocked, the 33rd is still queued when
        // its task is cancelled, so it never runs at all. The loop must still stop counting it as
        // a running body, or the virtual clock never jumps again.
        long woke = Weft.run(VIRTUAL, () -> {
            CountDownLatch release = new CountDownLatch(1);
            List<Task<Boolean>> blockers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                blockers.add(Weft.spawn("blocker " + i,
                        () -> Weft.toThread(() -> release.await(SAFETY_SECONDS, TimeUnit.SECONDS))));
            }
            boolean[] queuedBodyRan = {false};
            Task<Object> queued = Weft.spawn("queued", () -> Weft.toThread(() -> {
                queuedBodyRan[0] = true;
                return null;
            }));
            Weft.yieldNow(); // every task has handed its body to the pool and waits
            queued.cancel();
            assertThatThrownBy(queued::join).isInstanceOf(CancellationException.class);
            release.countDown();
            for (Task<Boolean> b : blockers) {
                assertThat(b.join()).isTrue();
            }
            assertThat(queuedBodyRan[0]).isFalse();
            Weft.sleep(Duration.ofSeconds(1));
            return now();
        });
        assertThat(woke).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void failureOfABodyWhoseCallerWasCancelledIsReported() {
        Trace trace = new Trace();
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException boom = new IllegalStateException("body failed after its caller left");
        EventLoop.Options options = VIRTUAL.withFailureHandler((what, error) -> {
            trace.add("reported: " + what);
            reported.add(error);
        });
        Weft.run(options, () -> {
            Promise<Void> running = new Promise<>("body running");
            Task<Object> caller = Weft.spawn("caller", () -> Weft.toThread(() -> {
                running.complete(null);
                try {
                    new CountDownLatch(1).await(SAFETY_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw boom;
                }
                return null;
            }));
            running.join();
            caller.cancel();
            assertThatThrownBy(caller::join).isInstanceOf(CancellationException.class);
            // The clock cannot jump while the abandoned body still runs, so this wakes only
            // after the body ended and its failure came back to the loop.
            Weft.sleep(Duration.ofMillis(1));
            trace.add("main woke at " + now());
            return null;
        });
        assertThat(reported).singleElement().isSameAs(boom);
        assertThat(trace.events()).hasSize(2);
        assertThat(trace.events().get(0)).startsWith("reported: ");
        assertThat(trace.events().get(1)).isEqualTo("main woke at 1000000");
    }

    @Test
    void bodyEndingByTheInterruptAfterItsCallerWasCancelledIsNotReported() {
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        Weft.run(VIRTUAL.withFailureHandler((what, error) -> reported.add(error)), () -> {
            Promise<Void> running = new Promise<>("body running");
            Task<Object> caller = Weft.spawn("caller", () -> Weft.toThread(() -> {
                running.complete(null);
                return new CountDownLatch(1).await(SAFETY_SECONDS, TimeUnit.SECONDS);
            }));
            running.join();
            caller.cancel();
            assertThatThrownBy(caller::join).isInstanceOf(CancellationException.class);
            Weft.sleep(Duration.ofMillis(1));
            return null;
        });
        assertThat(reported).isEmpty();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void toThreadInAnAlreadyCancelledTaskLeavesTheVirtualClockFree() {
        // The body may or may not have started when the caller gives up; either way it ends
        // (interrupted) or never runs, and the clock must move on afterwards.
        long woke = Weft.run(VIRTUAL, () -> {
            CountDownLatch never = new CountDownLatch(1);
            assertThatThrownBy(() -> Weft.withTimeout(Duration.ZERO,
                    () -> Weft.toThread(() -> never.await(SAFETY_SECONDS, TimeUnit.SECONDS))))
                    .isInstanceOf(TimedOutException.class);
            Weft.sleep(Duration.ofSeconds(1));
            return now();
        });
        assertThat(woke).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void checkedExceptionFromTheBodyArrivesWrappedInTaskFailedException() {
        IOException io = new IOException("blocking library failed");
        Throwable thrown = Weft.run(VIRTUAL, () -> catchThrowable(() -> Weft.toThread(() -> {
            throw io;
        })));
        assertThat(thrown).isInstanceOf(TaskFailedException.class);
        assertThat(thrown.getCause()).isSameAs(io);
    }

    @Test
    void uncheckedExceptionFromTheBodyArrivesAsThrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable thrown = Weft.run(VIRTUAL, () -> catchThrowable(() -> Weft.toThread(() -> {
            throw boom;
        })));
        assertThat(thrown).isSameAs(boom);
    }

    @Test
    void toThreadOutsideATaskIsRejected() {
        assertThatThrownBy(() -> Weft.toThread(() -> "x")).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ JDK blocking calls in tasks

    @Test
    void threadSleepInATaskStallsNoOtherTask() {
        int steps = Weft.run(() -> {
            boolean[] sleeperWoke = {false};
            Task<Object> sleeper = Weft.spawn("sleeper", () -> {
                Thread.sleep(50);
                sleeperWoke[0] = true;
                return null;
            });
            Task<Integer> counter = Weft.spawn("counter", () -> {
                int n = 0;
                while (!sleeperWoke[0]) {
                    n++;
                    Weft.yieldNow();
                }
                return n;
            });
            sleeper.join();
            return counter.join();
        });
        // Had Thread.sleep held the carrier, the sleeper would have woken before the counter
        // ever ran, and the counter would have counted nothing.
        assertThat(steps).isPositive();
    }

    @Test
    void waitingOnAJdkLockInATaskStallsNoOtherTask() {
        Trace trace = new Trace();
        Weft.run(() -> {
            ReentrantLock lock = new ReentrantLock();
            Task<Object> holder = Weft.spawn("holder", () -> {
                lock.lock();
                try {
                    trace.add("holder locked");
                    for (int i = 0; i < 5; i++) {
                        Weft.yieldNow();
                    }
                    trace.add("holder unlocks");
                } finally {
                    lock.unlock();
                }
                return null;
            });
            Task<Object> waiter = Weft.spawn("waiter", () -> {
                trace.add("waiter blocks on the lock");
                // Timed, so that a stalled loop fails the test instead of hanging it.
                boolean got = lock.tryLock(SAFETY_SECONDS, TimeUnit.SECONDS);
                trace.add("waiter acquired " + got);
                if (got) {
                    lock.unlock();
                }
                return null;
            });
            Task<Object> stepper = Weft.spawn("stepper", () -> {
                for (int i = 1; i <= 3; i++) {
                    trace.add("stepper step " + i);
                    Weft.yieldNow();
                }
                return null;
            });
            holder.join();
            waiter.join();
            stepper.join();
            return null;
        });
        trace.assertExactly("holder locked", "waiter blocks on the lock",
                "stepper step 1", "stepper step 2", "stepper step 3",
                "holder unlocks", "waiter acquired true");
    }

    @Test
    void virtualClockDoesNotJumpWhileATaskIsInAJdkBlockingCall() {
        Weft.run(VIRTUAL, () -> {
            Task<Long> sleeper = Weft.spawn("weft sleeper", () -> {
                Weft.sleep(HOUR);
                return now();
            });
            Task<Long> blocked = Weft.spawn("jdk sleeper", () -> {
                Thread.sleep(50);
                return now();
            });
            assertThat(blocked.join()).isZero();
            assertThat(sleeper.state()).isEqualTo(Future.State.RUNNING);
            assertThat(sleeper.join()).isEqualTo(HOUR.toNanos());
            return null;
        });
    }

    @Test
    void cancellingATaskInAJdkBlockingCallInterruptsItAndItEndsCancelled() {
        Trace trace = new Trace();
        Weft.run(() -> {
            Task<Object> sleeper = Weft.spawn("sleeper", () -> {
                try {
                    Thread.sleep(HOUR);
                } catch (InterruptedException e) {
                    trace.add("sleep interrupted");
                    throw e;
                }
                return null;
            });
            Weft.yieldNow(); // the sleeper is now in Thread.sleep
            sleeper.cancel();
            assertThatThrownBy(sleeper::join).isInstanceOf(CancellationException.class);
            assertThat(sleeper.state()).isEqualTo(Future.State.CANCELLED);
            return null;
        });
        trace.assertExactly("sleep interrupted");
    }
}
