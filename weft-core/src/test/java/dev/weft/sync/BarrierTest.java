package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Trace;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.weft.sync.SyncTesting.MS_NANOS;
import static dev.weft.sync.SyncTesting.now;
import static dev.weft.sync.SyncTesting.thread;
import static dev.weft.sync.SyncTesting.until;
import static dev.weft.sync.SyncTesting.virtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class BarrierTest {

    // ------------------------------------------------------------------ basic contract

    @Test
    void partiesMustBePositive() {
        assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Barrier("b", -2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Barrier(3).parties()).isEqualTo(3);
    }

    @Test
    void everyoneWaitsForTheLastPartyAndGetsItsArrivalIndex() {
        Trace trace = new Trace();
        virtual(() -> {
            Barrier barrier = new Barrier("start", 3);
            // Spawned a, b, c; arriving b, c, a.
            List<Task<Integer>> tasks = List.of(
                    party(barrier, trace, "a", 3),
                    party(barrier, trace, "b", 1),
                    party(barrier, trace, "c", 2));
            Weft.sleep(Duration.ofNanos(2_500_000));
            assertThat(barrier.waiting()).isEqualTo(2);
            assertThat(tasks.get(1).isDone()).isFalse();
            assertThat(tasks.stream().map(Task::join).toList()).containsExactly(2, 0, 1);
            assertThat(barrier.rounds()).isEqualTo(1);
            assertThat(barrier.waiting()).isZero();
            return null;
        });
        // The last to arrive goes on at once; the waiters are woken in arrival order.
        trace.assertExactly("a passed with index 2 at 3 ms", "b passed with index 0 at 3 ms",
                "c passed with index 1 at 3 ms");
    }

    private static Task<Integer> party(Barrier barrier, Trace trace, String name, int arriveAfterMs) {
        return Weft.spawn(name, () -> {
            Weft.sleep(Duration.ofMillis(arriveAfterMs));
            int index;
            try {
                index = barrier.await();
            } catch (CancellationException e) {
                trace.add(name + " cancelled");
                throw e;
            }
            trace.add(name + " passed with index " + index + " at " + now() / MS_NANOS + " ms");
            return index;
        });
    }

    @Test
    void aBarrierForOnePartyNeverWaits() {
        virtual(() -> {
            Barrier barrier = new Barrier(1);
            assertThat(barrier.await()).isZero();
            assertThat(barrier.await()).isZero();
            assertThat(barrier.rounds()).isEqualTo(2);
            assertThat(now()).isZero();
            return null;
        });
    }

    @Test
    void theBarrierIsReusedRoundAfterRound() {
        virtual(() -> {
            Barrier barrier = new Barrier(3);
            Map<Integer, List<Integer>> indexesByRound = new ConcurrentHashMap<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                int party = p;
                tasks.add(Weft.spawn(() -> {
                    for (int round = 0; round < 4; round++) {
                        // A different arrival order every round.
                        Weft.sleep(Duration.ofMillis(1 + (party + round) % 3));
                        int index = barrier.await();
                        indexesByRound.computeIfAbsent(round, r -> new ArrayList<>()).add(index);
                    }
                    return null;
                }));
            }
            tasks.forEach(Task::join);
            assertThat(barrier.rounds()).isEqualTo(4);
            assertThat(barrier.waiting()).isZero();
            for (int round = 0; round < 4; round++) {
                assertThat(indexesByRound.get(round)).as("round %d", round).containsExactlyInAnyOrder(0, 1, 2);
            }
            return null;
        });
    }

    @Test
    void aFastPartyCannotRunIntoTheNextRoundBeforeThisOneFills() {
        Trace trace = new Trace();
        virtual(() -> {
            Barrier barrier = new Barrier(2);
            Task<Void> fast = Weft.spawn(() -> {
                for (int round = 0; round < 3; round++) {
                    barrier.await();
                    trace.add("fast passed round " + round + " at " + now() / MS_NANOS + " ms");
                }
                return null;
            });
            Task<Void> slow = Weft.spawn(() -> {
                for (int round = 0; round < 3; round++) {
                    Weft.sleep(Duration.ofMillis(10));
                    barrier.await();
                }
                return null;
            });
            fast.join();
            slow.join();
            return null;
        });
        trace.assertExactly("fast passed round 0 at 10 ms", "fast passed round 1 at 20 ms",
                "fast passed round 2 at 30 ms");
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void cancelledWaiterTakesItsArrivalBack() {
        Trace trace = new Trace();
        virtual(() -> {
            Barrier barrier = new Barrier(3);
            Task<Integer> a = party(barrier, trace, "a", 1);
            Task<Integer> b = party(barrier, trace, "b", 2);
            Weft.sleep(Duration.ofMillis(5));
            assertThat(barrier.waiting()).isEqualTo(2);
            a.cancel();
            Weft.yieldNow();
            assertThat(barrier.waiting()).isEqualTo(1);
            Task<Integer> c = party(barrier, trace, "c", 1);
            Weft.sleep(Duration.ofMillis(5));
            assertThat(barrier.waiting()).as("the round still needs a third party").isEqualTo(2);
            assertThat(b.isDone()).isFalse();
            assertThat(c.isDone()).isFalse();
            Task<Integer> d = party(barrier, trace, "d", 1);
            d.join();
            b.join();
            c.join();
            assertThatThrownBy(a::join).isInstanceOf(CancellationException.class);
            assertThat(barrier.rounds()).isEqualTo(1);
            assertThat(barrier.waiting()).isZero();
            return null;
        });
        assertThat(trace.events()).first().isEqualTo("a cancelled");
        assertThat(trace.events()).hasSize(4);
    }

    @Test
    void arrivalIndexesStayZeroToPartiesMinusOneInArrivalOrderAfterAWaiterLeaves() {
        virtual(() -> {
            Barrier barrier = new Barrier(3);
            Trace trace = new Trace();
            Task<Integer> a = party(barrier, trace, "a", 1);
            Task<Integer> b = party(barrier, trace, "b", 2);
            Weft.sleep(Duration.ofMillis(5));
            a.cancel();
            Weft.yieldNow();
            Task<Integer> c = party(barrier, trace, "c", 1);
            Weft.sleep(Duration.ofMillis(5));
            Task<Integer> d = party(barrier, trace, "d", 1);
            // Of this round's parties b arrived first, then c, then d.
            assertThat(List.of(b.join(), c.join(), d.join())).as("indexes of b, c, d").containsExactly(0, 1, 2);
            return null;
        });
    }

    @Test
    void waiterReleasedAsItIsCancelledPassesWithItsIndex() {
        virtual(() -> {
            Barrier barrier = new Barrier(2);
            Trace trace = new Trace();
            Task<Integer> a = Weft.spawn(() -> {
                int index = barrier.await();
                trace.add("a passed with " + index);
                Weft.yieldNow();
                trace.add("not reached");
                return index;
            });
            Weft.yieldNow();
            assertThat(barrier.await()).isEqualTo(1);
            a.cancel();
            assertThatThrownBy(a::join).isInstanceOf(CancellationException.class);
            trace.assertExactly("a passed with 0");
            assertThat(barrier.waiting()).as("a's passing was not taken back").isZero();
            assertThat(barrier.rounds()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void cancelledTaskDoesNotArrive() {
        virtual(() -> {
            Barrier barrier = new Barrier(2);
            Task<Integer> t = Weft.spawn(() -> {
                Weft.currentTask().cancel();
                return barrier.await();
            });
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThat(barrier.waiting()).isZero();
            return null;
        });
    }

    // ------------------------------------------------------------------ timed waits

    @Test
    void timedAwaitReturnsMinusOneAtExactlyTheDeadlineAndTakesItsArrivalBack() {
        virtual(() -> {
            Barrier barrier = new Barrier(2);
            assertThat(barrier.tryAwait(Duration.ofMillis(20))).isEqualTo(-1);
            assertThat(now()).isEqualTo(20 * MS_NANOS);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.rounds()).isZero();
            return null;
        });
    }

    @Test
    void timedAwaitPassesWhenTheRoundFillsBeforeTheDeadline() {
        virtual(() -> {
            Barrier barrier = new Barrier(2);
            Weft.spawn(() -> {
                Weft.sleep(Duration.ofMillis(8));
                return barrier.await();
            });
            assertThat(barrier.tryAwait(Duration.ofMillis(20))).isZero();
            assertThat(now()).isEqualTo(8 * MS_NANOS);
            return null;
        });
    }

    @Test
    void timedAwaitWithZeroTimeoutDoesNotWait() {
        virtual(() -> {
            Barrier barrier = new Barrier(2);
            // Another party is ready to arrive; a zero timeout must not give it the chance,
            // just as Lock.tryAcquire(ZERO), Semaphore.tryAcquire(ZERO), Event.await(ZERO),
            // Queue.offer(x, ZERO) and Queue.poll(ZERO) answer at once without yielding.
            Task<Integer> other = Weft.spawn(barrier::await);
            assertThat(barrier.tryAwait(Duration.ZERO)).isEqualTo(-1);
            assertThat(other.isDone()).as("the other party has not run yet").isFalse();
            assertThat(barrier.waiting()).isZero();
            other.cancel();
            return null;
        });
    }

    @Test
    void threadTimedAwaitWithZeroTimeoutReturnsMinusOneAtOnce() throws Exception {
        Barrier barrier = new Barrier(2);
        AtomicInteger index = new AtomicInteger(5);
        thread("party", () -> index.set(barrier.tryAwait(Duration.ZERO))).join();
        assertThat(index.get()).isEqualTo(-1);
        assertThat(barrier.waiting()).isZero();
    }

    // ------------------------------------------------------------------ plain threads

    @Test
    void threadAndTaskMeetAtTheBarrier() {
        virtual(() -> {
            Barrier barrier = new Barrier(2);
            AtomicInteger threadIndex = new AtomicInteger(-5);
            SyncTesting.Plain t = thread("party", () -> threadIndex.set(barrier.await()));
            until("the thread waits", () -> barrier.waiting() == 1);
            assertThat(barrier.await()).isEqualTo(1);
            t.join();
            assertThat(threadIndex.get()).isZero();
            return null;
        });
    }

    @Test
    void taskWaitsAtTheBarrierForAThread() {
        virtual(() -> {
            Barrier barrier = new Barrier(2);
            Task<Integer> task = Weft.spawn(barrier::await);
            Weft.yieldNow();
            assertThat(barrier.waiting()).isEqualTo(1);
            AtomicInteger threadIndex = new AtomicInteger(-5);
            SyncTesting.Plain t = thread("party", () -> threadIndex.set(barrier.await()));
            assertThat(task.join()).isZero();
            t.join();
            assertThat(threadIndex.get()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void threadInterruptedWhileWaitingGetsCancellationWithItsInterruptFlagSet() throws Exception {
        Barrier barrier = new Barrier(2);
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        SyncTesting.Plain t = thread("party", () -> {
            try {
                barrier.await();
            } catch (CancellationException e) {
                error.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        until("the thread waits", () -> barrier.waiting() == 1);
        t.thread.interrupt();
        t.join();
        assertThat(error.get()).isInstanceOf(CancellationException.class);
        assertThat(flag).isTrue();
        assertThat(barrier.waiting()).as("the arrival was taken back").isZero();
    }
}
