package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Trace;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
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
class ConditionTest {

    // ------------------------------------------------------------------ basic contract

    @Test
    void awaitReleasesTheLockAndTakesItBackOnceTheSignallerReleases() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Task<Void> a = Weft.spawn("a", () -> {
                lock.acquire();
                try {
                    trace.add("a waits");
                    cond.await();
                    trace.add("a woke holding the lock: " + lock.isHeldByCurrent());
                } finally {
                    lock.release();
                }
                return null;
            });
            Weft.yieldNow();
            assertThat(lock.isLocked()).as("await released the lock").isFalse();
            lock.acquire();
            trace.add("main signals");
            cond.signal();
            Weft.yieldNow();
            assertThat(lock.statistics().waits().waiting()).as("a waits for the lock now").isEqualTo(1);
            trace.add("main releases");
            lock.release();
            a.join();
            assertThat(lock.isLocked()).isFalse();
            return null;
        });
        trace.assertExactly("a waits", "main signals", "main releases", "a woke holding the lock: true");
    }

    @Test
    void defaultConstructorGivesTheConditionALockOfItsOwn() {
        Condition cond = new Condition();
        assertThat(cond.lock()).isNotNull();
        assertThat(cond.lock().isLocked()).isFalse();
    }

    @Test
    void awaitWithoutTheLockThrowsIllegalStateException() {
        virtual(() -> {
            Condition cond = new Condition(new Lock());
            assertThatThrownBy(cond::await).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> cond.await(MS)).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void signalWithoutTheLockThrowsIllegalStateException() {
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            assertThatThrownBy(cond::signal).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(cond::signalAll).isInstanceOf(IllegalStateException.class);
            Task<Void> holder = Weft.spawn(() -> {
                lock.acquire();
                Weft.sleep(MS);
                lock.release();
                return null;
            });
            Weft.yieldNow();
            assertThatThrownBy(cond::signal).as("someone else holds it").isInstanceOf(IllegalStateException.class);
            holder.join();
            return null;
        });
    }

    @Test
    void signalWithNobodyWaitingIsNotRemembered() {
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            lock.acquire();
            cond.signal();
            cond.signalAll();
            assertThat(cond.await(Duration.ofMillis(5))).isFalse();
            lock.release();
            return null;
        });
    }

    @Test
    void signalWakesOneWaiterInArrivalOrder() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            List<Task<Void>> tasks = List.of(
                    waiter(cond, trace, "a", 3),
                    waiter(cond, trace, "b", 1),
                    waiter(cond, trace, "c", 2));
            Weft.sleep(Duration.ofMillis(10));
            assertThat(cond.statistics().waiting()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                lock.acquire();
                cond.signal();
                assertThat(cond.statistics().waiting()).as("signal wakes one").isEqualTo(2 - i);
                lock.release();
                Weft.yieldNow();
            }
            tasks.forEach(Task::join);
            return null;
        });
        trace.assertExactly("b woke", "b leaves", "c woke", "c leaves", "a woke", "a leaves");
    }

    @Test
    void signalAllWakesEveryWaiterAndEachRetakesTheLockInTurn() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            List<Task<Void>> tasks = List.of(
                    waiter(cond, trace, "a", 3),
                    waiter(cond, trace, "b", 1),
                    waiter(cond, trace, "c", 2));
            Weft.sleep(Duration.ofMillis(10));
            lock.acquire();
            cond.signalAll();
            assertThat(cond.statistics().waiting()).isZero();
            lock.release();
            tasks.forEach(Task::join);
            return null;
        });
        trace.assertExactly("b woke", "b leaves", "c woke", "c leaves", "a woke", "a leaves");
    }

    /** Waits on {@code cond} after {@code arriveAfterMs}; yields while holding the lock after waking. */
    private static Task<Void> waiter(Condition cond, Trace trace, String name, int arriveAfterMs) {
        Lock lock = cond.lock();
        return Weft.spawn(name, () -> {
            Weft.sleep(Duration.ofMillis(arriveAfterMs));
            lock.acquire();
            try {
                cond.await();
                trace.add(name + " woke");
                Weft.yieldNow();
                trace.add(name + " leaves");
            } catch (CancellationException e) {
                trace.add(name + " cancelled holding the lock: " + lock.isHeldByCurrent());
                throw e;
            } finally {
                lock.release();
            }
            return null;
        });
    }

    @Test
    void awaitUntilWaitsForThePredicateToHold() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            int[] count = {0};
            Task<Void> watcher = Weft.spawn(() -> {
                try (Lock.Held _ = lock.hold()) {
                    cond.awaitUntil(() -> count[0] >= 3);
                    trace.add("count " + count[0] + " at " + now() / MS_NANOS + " ms, holding: " + lock.isHeldByCurrent());
                }
                return null;
            });
            for (int i = 0; i < 5; i++) {
                Weft.sleep(MS);
                try (Lock.Held _ = lock.hold()) {
                    count[0]++;
                    cond.signalAll();
                }
            }
            watcher.join();
            return null;
        });
        trace.assertExactly("count 3 at 3 ms, holding: true");
    }

    @Test
    void awaitUntilAPredicateThatHoldsDoesNotWait() {
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            lock.acquire();
            cond.awaitUntil(() -> true);
            assertThat(lock.isHeldByCurrent()).isTrue();
            assertThat(cond.statistics().waits()).isZero();
            lock.release();
            return null;
        });
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void cancelledWaiterLosesItsPlace() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Task<Void> a = waiter(cond, trace, "a", 1);
            Task<Void> b = waiter(cond, trace, "b", 2);
            Task<Void> c = waiter(cond, trace, "c", 3);
            Weft.sleep(Duration.ofMillis(5));
            b.cancel();
            Weft.yieldNow();
            assertThat(cond.statistics().waiting()).isEqualTo(2);
            for (int i = 0; i < 2; i++) {
                lock.acquire();
                cond.signal();
                lock.release();
                Weft.yieldNow();
            }
            a.join();
            c.join();
            assertThatThrownBy(b::join).isInstanceOf(CancellationException.class);
            return null;
        });
        trace.assertExactly("b cancelled holding the lock: true", "a woke", "a leaves", "c woke", "c leaves");
    }

    @Test
    void cancelledWaiterRetakesTheLockBeforeTheCancellationLeavesAwait() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Task<Void> a = Weft.spawn("a", () -> {
                lock.acquire();
                try {
                    cond.await();
                    trace.add("a woke");
                } catch (CancellationException e) {
                    trace.add("a cancelled holding the lock: " + lock.isHeldByCurrent());
                    throw e;
                } finally {
                    lock.release();
                }
                return null;
            });
            Weft.yieldNow();
            lock.acquire();
            a.cancel();
            Weft.yieldNow();
            assertThat(a.isDone()).as("a waits for the lock before it may leave").isFalse();
            assertThat(cond.statistics().waiting()).isZero();
            assertThat(lock.statistics().waits().waiting()).isEqualTo(1);
            trace.add("main releases");
            lock.release();
            assertThatThrownBy(a::join).isInstanceOf(CancellationException.class);
            assertThat(lock.isLocked()).isFalse();
            return null;
        });
        trace.assertExactly("main releases", "a cancelled holding the lock: true");
    }

    @Test
    void signalThatReachesAWaiterAsItIsCancelledIsNotLost() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Task<Void> a = waiter(cond, trace, "a", 0);
            Task<Void> b = waiter(cond, trace, "b", 0);
            Weft.yieldNow();
            Weft.sleep(MS);
            lock.acquire();
            cond.signal();
            a.cancel();
            lock.release();
            assertThatThrownBy(a::join).isInstanceOf(CancellationException.class);
            assertThat(cond.statistics().waiting()).as("b was not woken in a's stead").isEqualTo(1);
            lock.acquire();
            cond.signal();
            lock.release();
            b.join();
            return null;
        });
        // a returned from await normally (the signal was its), then met the cancellation at its next waiting point.
        trace.assertExactly("a woke", "a cancelled holding the lock: true", "b woke", "b leaves");
    }

    @Test
    void cancelledTaskCallingAwaitThrowsAndKeepsTheLock() {
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Task<Boolean> t = Weft.spawn(() -> {
                lock.acquire();
                Weft.currentTask().cancel();
                try {
                    cond.await();
                    return false;
                } catch (CancellationException e) {
                    return lock.isHeldByCurrent();
                } finally {
                    lock.release();
                }
            });
            assertThat(t.join()).isTrue();
            assertThat(cond.statistics().waits()).isZero();
            return null;
        });
    }

    // ------------------------------------------------------------------ timed waits

    @Test
    void timedAwaitReturnsFalseAtExactlyTheDeadlineHoldingTheLock() {
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            lock.acquire();
            assertThat(cond.await(Duration.ofMillis(40))).isFalse();
            assertThat(now()).isEqualTo(40 * MS_NANOS);
            assertThat(lock.isHeldByCurrent()).isTrue();
            assertThat(cond.statistics().waiting()).isZero();
            assertThat(cond.statistics().timeouts()).isEqualTo(1);
            lock.release();
            return null;
        });
    }

    @Test
    void timedAwaitReturnsTrueWhenSignalledBeforeTheDeadline() {
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Weft.spawn(() -> {
                Weft.sleep(Duration.ofMillis(15));
                try (Lock.Held _ = lock.hold()) {
                    cond.signal();
                }
                return null;
            });
            lock.acquire();
            assertThat(cond.await(Duration.ofMillis(40))).isTrue();
            assertThat(now()).isEqualTo(15 * MS_NANOS);
            assertThat(lock.isHeldByCurrent()).isTrue();
            lock.release();
            return null;
        });
    }

    // ------------------------------------------------------------------ plain threads

    @Test
    void threadWaitsUntilATaskSignals() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            SyncTesting.Plain t = thread("watcher", () -> {
                lock.acquire();
                try {
                    cond.await();
                    trace.add("thread woke holding the lock: " + lock.isHeldByCurrent());
                } finally {
                    lock.release();
                }
            });
            until("the thread waits", () -> cond.statistics().waiting() == 1);
            lock.acquire();
            trace.add("task signals");
            cond.signal();
            lock.release();
            t.join();
            return null;
        });
        trace.assertExactly("task signals", "thread woke holding the lock: true");
    }

    @Test
    void taskWaitsUntilAThreadSignals() {
        Trace trace = new Trace();
        virtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            Task<Void> waiter = Weft.spawn(() -> {
                lock.acquire();
                try {
                    cond.await();
                    trace.add("task woke holding the lock: " + lock.isHeldByCurrent());
                } finally {
                    lock.release();
                }
                return null;
            });
            Weft.yieldNow();
            SyncTesting.Plain t = thread("signaller", () -> {
                lock.acquire();
                trace.add("thread signals");
                cond.signal();
                lock.release();
            });
            waiter.join();
            t.join();
            return null;
        });
        trace.assertExactly("thread signals", "task woke holding the lock: true");
    }

    @Test
    void threadInterruptedWhileWaitingGetsCancellationHoldingTheLockWithItsInterruptFlagSet() throws Exception {
        Lock lock = new Lock();
        Condition cond = new Condition(lock);
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        AtomicBoolean held = new AtomicBoolean();
        SyncTesting.Plain t = thread("watcher", () -> {
            lock.acquire();
            try {
                cond.await();
            } catch (CancellationException e) {
                error.set(e);
                flag.set(Thread.currentThread().isInterrupted());
                held.set(lock.isHeldByCurrent());
            } finally {
                lock.release();
            }
        });
        until("the thread waits", () -> cond.statistics().waiting() == 1);
        t.thread.interrupt();
        t.join();
        assertThat(error.get()).isInstanceOf(CancellationException.class);
        assertThat(flag).as("interrupt flag still set").isTrue();
        assertThat(held).as("lock taken back before the exception left").isTrue();
        assertThat(lock.isLocked()).isFalse();
    }
}
