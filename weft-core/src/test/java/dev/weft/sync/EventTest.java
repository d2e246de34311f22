package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Trace;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.weft.sync.SyncTesting.MS_NANOS;
import static dev.weft.sync.SyncTesting.now;
import static dev.weft.sync.SyncTesting.thread;
import static dev.weft.sync.SyncTesting.until;
import static dev.weft.sync.SyncTesting.virtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class EventTest {

    // ------------------------------------------------------------------ basic contract

    @Test
    void startsUnsetAndSetAndClearMoveTheFlag() {
        Event e = new Event("ready");
        assertThat(e.isSet()).isFalse();
        e.set();
        assertThat(e.isSet()).isTrue();
        e.set();
        assertThat(e.isSet()).isTrue();
        e.clear();
        assertThat(e.isSet()).isFalse();
        assertThat(e.name()).isEqualTo("ready");
    }

    @Test
    void awaitOnASetEventReturnsAtOnce() {
        virtual(() -> {
            Event e = new Event();
            e.set();
            AtomicBoolean otherRan = new AtomicBoolean();
            Weft.spawn(() -> otherRan.getAndSet(true));
            e.await();
            assertThat(e.await(Duration.ofMillis(5))).isTrue();
            assertThat(otherRan).as("no wait, so nothing else ran").isFalse();
            assertThat(now()).isZero();
            return null;
        });
    }

    @Test
    void awaitWaitsUntilTheEventIsSet() {
        Trace trace = new Trace();
        virtual(() -> {
            Event e = new Event();
            Task<Void> waiter = Weft.spawn(() -> {
                e.await();
                trace.add("waiter woke at " + now() / MS_NANOS + " ms");
                return null;
            });
            Weft.sleep(Duration.ofMillis(4));
            trace.add("main sets");
            e.set();
            waiter.join();
            return null;
        });
        trace.assertExactly("main sets", "waiter woke at 4 ms");
    }

    @Test
    void setWakesEveryWaiterFirstComeFirstServed() {
        Trace trace = new Trace();
        virtual(() -> {
            Event e = new Event();
            List<Task<Void>> tasks = List.of(
                    waiter(e, trace, "a", 3),
                    waiter(e, trace, "b", 1),
                    waiter(e, trace, "c", 2));
            Weft.sleep(Duration.ofMillis(10));
            assertThat(e.statistics().waiting()).isEqualTo(3);
            e.set();
            assertThat(e.statistics().waiting()).isZero();
            tasks.forEach(Task::join);
            return null;
        });
        trace.assertExactly("b woke", "c woke", "a woke");
    }

    private static Task<Void> waiter(Event e, Trace trace, String name, int arriveAfterMs) {
        return Weft.spawn(name, () -> {
            Weft.sleep(Duration.ofMillis(arriveAfterMs));
            try {
                e.await();
            } catch (CancellationException x) {
                trace.add(name + " cancelled");
                throw x;
            }
            trace.add(name + " woke");
            return null;
        });
    }

    @Test
    void clearMakesLaterWaitersWaitAgain() {
        Trace trace = new Trace();
        virtual(() -> {
            Event e = new Event();
            e.set();
            e.clear();
            Task<Void> late = Weft.spawn(() -> {
                e.await();
                trace.add("late waiter woke at " + now() / MS_NANOS + " ms");
                return null;
            });
            Weft.sleep(Duration.ofMillis(3));
            trace.add("set");
            e.set();
            late.join();
            return null;
        });
        trace.assertExactly("set", "late waiter woke at 3 ms");
    }

    @Test
    void waitersWokenBySetStillWakeIfTheEventIsClearedAtOnce() {
        virtual(() -> {
            Event e = new Event();
            Task<Void> a = Weft.spawn(() -> {
                e.await();
                return null;
            });
            Weft.yieldNow();
            e.set();
            e.clear();
            a.join();
            assertThat(e.isSet()).isFalse();
            return null;
        });
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void cancelledWaiterLeavesAndTheOthersStillWake() {
        Trace trace = new Trace();
        virtual(() -> {
            Event e = new Event();
            Task<Void> a = waiter(e, trace, "a", 1);
            Task<Void> b = waiter(e, trace, "b", 2);
            Task<Void> c = waiter(e, trace, "c", 3);
            Weft.sleep(Duration.ofMillis(5));
            b.cancel();
            Weft.yieldNow();
            assertThat(e.statistics().waiting()).isEqualTo(2);
            assertThat(e.statistics().cancellations()).isEqualTo(1);
            e.set();
            a.join();
            c.join();
            assertThatThrownBy(b::join).isInstanceOf(CancellationException.class);
            return null;
        });
        trace.assertExactly("b cancelled", "a woke", "c woke");
    }

    @Test
    void waiterWokenAsItIsCancelledReturnsAndSeesTheCancellationLater() {
        Trace trace = new Trace();
        virtual(() -> {
            Event e = new Event();
            Task<Void> b = Weft.spawn(() -> {
                e.await();
                trace.add("b woke");
                Weft.yieldNow();
                trace.add("not reached");
                return null;
            });
            Weft.yieldNow();
            e.set();
            b.cancel();
            assertThatThrownBy(b::join).isInstanceOf(CancellationException.class);
            return null;
        });
        trace.assertExactly("b woke");
    }

    // ------------------------------------------------------------------ timed waits

    @Test
    void timedAwaitReturnsFalseAtExactlyTheDeadline() {
        virtual(() -> {
            Event e = new Event();
            assertThat(e.await(Duration.ofMillis(25))).isFalse();
            assertThat(now()).isEqualTo(25 * MS_NANOS);
            assertThat(e.statistics().waiting()).isZero();
            assertThat(e.statistics().timeouts()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void timedAwaitReturnsTrueWhenSetBeforeTheDeadline() {
        virtual(() -> {
            Event e = new Event();
            Weft.spawn(() -> {
                Weft.sleep(Duration.ofMillis(9));
                e.set();
                return null;
            });
            assertThat(e.await(Duration.ofMillis(25))).isTrue();
            assertThat(now()).isEqualTo(9 * MS_NANOS);
            return null;
        });
    }

    @Test
    void timedAwaitWithZeroTimeoutDoesNotWait() {
        virtual(() -> {
            Event e = new Event();
            assertThat(e.await(Duration.ZERO)).isFalse();
            assertThat(now()).isZero();
            e.set();
            assertThat(e.await(Duration.ZERO)).isTrue();
            return null;
        });
    }

    // ------------------------------------------------------------------ plain threads

    @Test
    void threadWaitsUntilATaskSetsTheEvent() {
        Trace trace = new Trace();
        virtual(() -> {
            Event e = new Event();
            SyncTesting.Plain t = thread("watcher", () -> {
                e.await();
                trace.add("thread woke");
            });
            until("the thread waits", () -> e.statistics().waiting() == 1);
            trace.add("task sets");
            e.set();
            t.join();
            return null;
        });
        trace.assertExactly("task sets", "thread woke");
    }

    @Test
    void taskWaitsUntilAThreadSetsTheEvent() {
        Trace trace = new Trace();
        virtual(() -> {
            Event e = new Event();
            Task<Void> waiter = Weft.spawn(() -> {
                e.await();
                trace.add("task woke");
                return null;
            });
            Weft.yieldNow();
            CountDownLatch go = new CountDownLatch(1);
            SyncTesting.Plain t = thread("setter", () -> {
                go.await();
                trace.add("thread sets");
                e.set();
            });
            go.countDown();
            waiter.join();
            t.join();
            return null;
        });
        trace.assertExactly("thread sets", "task woke");
    }

    @Test
    void threadInterruptedWhileWaitingGetsCancellationWithItsInterruptFlagSet() throws Exception {
        Event e = new Event();
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        SyncTesting.Plain t = thread("watcher", () -> {
            try {
                e.await();
            } catch (CancellationException x) {
                error.set(x);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        until("the thread waits", () -> e.statistics().waiting() == 1);
        t.thread.interrupt();
        t.join();
        assertThat(error.get()).isInstanceOf(CancellationException.class);
        assertThat(flag).isTrue();
        assertThat(e.statistics().waiting()).isZero();
    }
}
