package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Trace;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.weft.sync.SyncTesting.MS;
import static dev.weft.sync.SyncTesting.MS_NANOS;
import static dev.weft.sync.SyncTesting.now;
import static dev.weft.sync.SyncTesting.thread;
import static dev.weft.sync.SyncTesting.until;
import static dev.weft.sync.SyncTesting.virtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SemaphoreTest {

    // ------------------------------------------------------------------ basic contract

    @Test
    void acquireTakesAPermitAndReleaseGivesItBack() {
        virtual(() -> {
            Semaphore s = new Semaphore("slots", 2);
            assertThat(s.available()).isEqualTo(2);
            s.acquire();
            assertThat(s.available()).isEqualTo(1);
            s.acquire();
            assertThat(s.available()).isZero();
            assertThat(now()).isZero();
            s.release();
            s.release();
            assertThat(s.available()).isEqualTo(2);
            assertThat(s.name()).isEqualTo("slots");
            return null;
        });
    }

    @Test
    void negativePermitsAreRejectedButZeroIsAllowed() {
        assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Semaphore("s", -5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Semaphore(0).available()).isZero();
    }

    @Test
    void releaseWithoutAcquireAddsAPermit() {
        Semaphore s = new Semaphore(0);
        s.release();
        assertThat(s.available()).isEqualTo(1);
        assertThat(s.tryAcquire()).isTrue();
    }

    @Test
    void releasePastIntegerMaxValueThrows() {
        Semaphore s = new Semaphore(Integer.MAX_VALUE);
        assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class);
        assertThat(s.available()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void acquireWaitsWhileNoPermitIsLeft() {
        Trace trace = new Trace();
        virtual(() -> {
            Semaphore s = new Semaphore(1);
            s.acquire();
            Task<Void> waiter = Weft.spawn(() -> {
                s.acquire();
                trace.add("waiter acquired at " + now() / MS_NANOS + " ms");
                return null;
            });
            Weft.sleep(Duration.ofMillis(7));
            trace.add("main releases");
            s.release();
            waiter.join();
            assertThat(s.available()).isZero();
            return null;
        });
        trace.assertExactly("main releases", "waiter acquired at 7 ms");
    }

    @Test
    void limitsConcurrencyToItsPermitsUnderManySchedules() {
        int permits = 3;
        for (long seed = 0; seed < 200; seed++) {
            long theSeed = seed;
            int max = SyncTesting.seeded(seed, () -> {
                Semaphore s = new Semaphore(permits);
                int[] inside = {0};
                int[] maxInside = {0};
                SplittableRandom random = new SplittableRandom(theSeed);
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    int yields = random.nextInt(4);
                    tasks.add(Weft.spawn(() -> {
                        for (int round = 0; round < 2; round++) {
                            try (Semaphore.Held _ = s.hold()) {
                                inside[0]++;
                                maxInside[0] = Math.max(maxInside[0], inside[0]);
                                assertThat(inside[0]).isLessThanOrEqualTo(permits);
                                for (int y = 0; y < yields; y++) {
                                    Weft.yieldNow();
                                }
                                Weft.sleep(MS);
                                inside[0]--;
                            }
                        }
                        return null;
                    }));
                }
                tasks.forEach(Task::join);
                assertThat(s.available()).isEqualTo(permits);
                return maxInside[0];
            });
            assertThat(max).as("seed %d", seed).isEqualTo(permits);
        }
    }

    // ------------------------------------------------------------------ fairness

    @Test
    void waitersGetPermitsFirstComeFirstServed() {
        Trace trace = new Trace();
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            List<Task<Void>> tasks = List.of(
                    contender(s, trace, "a", 3),
                    contender(s, trace, "b", 1),
                    contender(s, trace, "c", 2));
            Weft.sleep(Duration.ofMillis(10));
            assertThat(s.statistics().waits().waiting()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                s.release();
                assertThat(s.available()).as("a released permit goes to a waiter, not the pool").isZero();
                Weft.yieldNow();
            }
            tasks.forEach(Task::join);
            return null;
        });
        trace.assertExactly("b acquired", "c acquired", "a acquired");
    }

    private static Task<Void> contender(Semaphore s, Trace trace, String name, int arriveAfterMs) {
        return Weft.spawn(name, () -> {
            Weft.sleep(Duration.ofMillis(arriveAfterMs));
            try {
                s.acquire();
            } catch (CancellationException e) {
                trace.add(name + " cancelled");
                throw e;
            }
            trace.add(name + " acquired");
            return null;
        });
    }

    @Test
    void tryAcquireDoesNotJumpAheadOfWaiters() {
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            Task<Void> waiter = Weft.spawn(() -> {
                s.acquire();
                return null;
            });
            Weft.yieldNow();
            s.release();
            assertThat(s.tryAcquire()).as("the permit already belongs to the waiter").isFalse();
            waiter.join();
            return null;
        });
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void cancelledWaiterLosesItsPlace() {
        Trace trace = new Trace();
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            Task<Void> a = contender(s, trace, "a", 1);
            Task<Void> b = contender(s, trace, "b", 2);
            Task<Void> c = contender(s, trace, "c", 3);
            Weft.sleep(Duration.ofMillis(5));
            b.cancel();
            Weft.yieldNow();
            assertThat(s.statistics().waits().waiting()).isEqualTo(2);
            s.release();
            s.release();
            a.join();
            c.join();
            assertThatThrownBy(b::join).isInstanceOf(CancellationException.class);
            assertThat(s.available()).as("the cancelled waiter took no permit").isZero();
            s.release();
            assertThat(s.available()).isEqualTo(1);
            return null;
        });
        trace.assertExactly("b cancelled", "a acquired", "c acquired");
    }

    @Test
    void permitHandedToAWaiterAsItIsCancelledIsKept() {
        Trace trace = new Trace();
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            Task<Void> b = Weft.spawn("b", () -> {
                s.acquire();
                trace.add("b acquired");
                try {
                    Weft.yieldNow();
                } catch (CancellationException e) {
                    trace.add("b cancelled at its next waiting point");
                    throw e;
                } finally {
                    s.release();
                }
                return null;
            });
            Weft.yieldNow();
            s.release();
            b.cancel();
            assertThat(s.available()).isZero();
            assertThatThrownBy(b::join).isInstanceOf(CancellationException.class);
            assertThat(s.available()).as("the permit came back once b released it").isEqualTo(1);
            return null;
        });
        trace.assertExactly("b acquired", "b cancelled at its next waiting point");
    }

    // ------------------------------------------------------------------ never waiting, timed waits

    @Test
    void tryAcquireNeverWaits() {
        virtual(() -> {
            Semaphore s = new Semaphore(1);
            AtomicBoolean otherRan = new AtomicBoolean();
            Weft.spawn(() -> otherRan.getAndSet(true));
            assertThat(s.tryAcquire()).isTrue();
            assertThat(s.tryAcquire()).isFalse();
            assertThat(otherRan).as("the caller kept the loop").isFalse();
            assertThat(now()).isZero();
            assertThat(s.statistics().waits().waits()).isZero();
            return null;
        });
    }

    @Test
    void tryAcquireIsNotACancellationPoint() {
        virtual(() -> {
            Semaphore s = new Semaphore(1);
            Task<Boolean> t = Weft.spawn(() -> {
                Weft.currentTask().cancel();
                return s.tryAcquire();
            });
            assertThat(t.join()).isTrue();
            assertThat(s.available()).isZero();
            return null;
        });
    }

    @Test
    void timedAcquireReturnsFalseAtExactlyTheDeadline() {
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            assertThat(s.tryAcquire(Duration.ofMillis(30))).isFalse();
            assertThat(now()).isEqualTo(30 * MS_NANOS);
            assertThat(s.statistics().waits().waiting()).isZero();
            assertThat(s.statistics().waits().timeouts()).isEqualTo(1);
            s.release();
            assertThat(s.available()).as("a timed-out waiter takes no later permit").isEqualTo(1);
            return null;
        });
    }

    @Test
    void timedAcquireSucceedsWhenAPermitComesBeforeTheDeadline() {
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            Weft.spawn(() -> {
                Weft.sleep(Duration.ofMillis(12));
                s.release();
                return null;
            });
            assertThat(s.tryAcquire(Duration.ofMillis(30))).isTrue();
            assertThat(now()).isEqualTo(12 * MS_NANOS);
            assertThat(s.available()).isZero();
            return null;
        });
    }

    @Test
    void timedAcquireWithZeroTimeoutDoesNotWait() {
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            assertThat(s.tryAcquire(Duration.ZERO)).isFalse();
            assertThat(now()).isZero();
            return null;
        });
    }

    @Test
    void holdReleasesThePermitOnceWhenClosed() {
        virtual(() -> {
            Semaphore s = new Semaphore(1);
            Semaphore.Held permit = s.hold();
            assertThat(s.available()).isZero();
            permit.close();
            assertThat(s.available()).isEqualTo(1);
            permit.close();
            assertThat(s.available()).as("closing again gave no extra permit").isEqualTo(1);
            try (Semaphore.Held _ = s.hold()) {
                assertThat(s.available()).isZero();
            }
            assertThat(s.available()).as("released when the block ends").isEqualTo(1);
            return null;
        });
    }

    // ------------------------------------------------------------------ plain threads

    @Test
    void threadBlocksUntilATaskReleasesAPermit() {
        Trace trace = new Trace();
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            SyncTesting.Plain t = thread("worker", () -> {
                s.acquire();
                trace.add("thread acquired");
            });
            until("the thread waits", () -> s.statistics().waits().waiting() == 1);
            trace.add("task releases");
            s.release();
            t.join();
            return null;
        });
        trace.assertExactly("task releases", "thread acquired");
    }

    @Test
    void taskWaitsUntilAThreadReleasesAPermit() {
        Trace trace = new Trace();
        virtual(() -> {
            Semaphore s = new Semaphore(0);
            Task<Void> waiter = Weft.spawn(() -> {
                s.acquire();
                trace.add("task acquired");
                return null;
            });
            Weft.yieldNow();
            CountDownLatch go = new CountDownLatch(1);
            SyncTesting.Plain t = thread("worker", () -> {
                go.await();
                trace.add("thread releases");
                s.release();
            });
            go.countDown();
            waiter.join();
            t.join();
            return null;
        });
        trace.assertExactly("thread releases", "task acquired");
    }

    @Test
    void threadInterruptedWhileWaitingGetsCancellationWithItsInterruptFlagSet() throws Exception {
        Semaphore s = new Semaphore(0);
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        SyncTesting.Plain t = thread("waiter", () -> {
            try {
                s.acquire();
            } catch (CancellationException e) {
                error.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        until("the thread waits", () -> s.statistics().waits().waiting() == 1);
        t.thread.interrupt();
        t.join();
        assertThat(error.get()).isInstanceOf(CancellationException.class);
        assertThat(flag).isTrue();
        s.release();
        assertThat(s.available()).as("the interrupted thread took no permit").isEqualTo(1);
    }

    @Test
    void threadsAndTasksTogetherStayWithinThePermits() {
        virtual(() -> {
            Semaphore s = new Semaphore(2);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            Runnable work = () -> {
                s.acquire();
                try {
                    max.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                } finally {
                    s.release();
                }
            };
            List<SyncTesting.Plain> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(thread("worker-" + i, () -> {
                    for (int n = 0; n < 2000; n++) {
                        work.run();
                    }
                }));
            }
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(Weft.spawn(() -> {
                    for (int n = 0; n < 2000; n++) {
                        work.run();
                        Weft.yieldNow();
                    }
                    return null;
                }));
            }
            tasks.forEach(Task::join);
            for (SyncTesting.Plain t : threads) {
                t.join();
            }
            assertThat(max.get()).isLessThanOrEqualTo(2);
            assertThat(s.available()).isEqualTo(2);
            return null;
        });
    }
}
