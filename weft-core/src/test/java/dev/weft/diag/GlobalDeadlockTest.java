package dev.weft.diag;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Event;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static dev.weft.diag.DiagTesting.assertCoffman;
import static dev.weft.diag.DiagTesting.assertParties;
import static dev.weft.diag.DiagTesting.joinAll;
import static dev.weft.diag.DiagTesting.run;
import static dev.weft.diag.DiagTesting.virtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@Timeout(60)
class GlobalDeadlockTest {

    @Test
    void aConsumerOfAQueueNobodyFillsAndItsJoinerAreAGlobalDeadlockRaisedInTheYoungest() {
        for (long seed = 0; seed < 200; seed++) {
            DeadlockException e = run(virtual(seed), () -> {
                Queue<String> jobs = new Queue<>("jobs", 4);
                Task<String> consumer = Weft.spawn("consumer", jobs::take);
                return catchThrowableOfType(DeadlockException.class, consumer::join);
            });
            DeadlockReport r = e.report();
            assertThat(r.kind()).isEqualTo(DeadlockReport.Kind.GLOBAL);
            assertParties(r, "main", "consumer");
            assertThat(r.resources()).containsExactlyInAnyOrder("task 'consumer'", "jobs");
            assertThat(r.victim()).startsWith("task 'consumer'");
            assertThat(r.toText()).contains("all 2 tasks of the loop sleep");
            assertThat(r.conditions().get("mutual exclusion")).contains("jobs has no holder");
            assertThat(r.conditions().get("circular wait")).startsWith("does not hold");
            assertCoffman(r);
        }
    }

    @Test
    void everyTaskAwaitingAnEventNobodySetsEndsRaisedOneByOneYoungestFirst() {
        List<DeadlockException> raised = run(virtual(3), () -> {
            Event never = new Event("never");
            List<Task<Object>> waiters = List.of(
                    Weft.spawn("w1", () -> { never.await(); return null; }),
                    Weft.spawn("w2", () -> { never.await(); return null; }),
                    Weft.spawn("w3", () -> { never.await(); return null; }));
            return joinAll(waiters);
        });
        assertThat(raised).hasSize(3);
        // joinAll lists them in task order; w3 was raised in first, when all four slept.
        assertParties(raised.get(0).report(), "main", "w1");
        assertParties(raised.get(2).report(), "main", "w1", "w2", "w3");
        assertThat(raised.get(2).report().victim()).startsWith("task 'w3'");
        assertThat(raised.get(2).report().edges()).filteredOn(edge -> !edge.party().equals("task 'main'"))
                .allSatisfy(edge -> assertThat(edge.where()).contains("GlobalDeadlockTest"));
    }

    @Test
    void aPendingTimerIsNoDeadlock() {
        for (long seed = 0; seed < 200; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            run(reports.on(virtual(seed)), () -> {
                Event ready = new Event("ready");
                Weft.spawn("setter", () -> {
                    Weft.sleep(Duration.ofHours(1));
                    ready.set();
                    return null;
                });
                Task<Object> waiter = Weft.spawn("waiter", () -> { ready.await(); return null; });
                waiter.join();
                return null;
            });
            assertThat(reports.deadlocks()).isEmpty();
        }
    }

    @Test
    void aToThreadBodyStillRunningIsNoDeadlock() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(1)), () -> {
            Event ready = new Event("ready");
            Task<Object> waiter = Weft.spawn("waiter", () -> { ready.await(); return null; });
            Weft.spawn("worker", () -> Weft.toThread(() -> {
                Thread.sleep(50);
                ready.set();
                return null;
            }));
            waiter.join();
            return null;
        });
        assertThat(reports.deadlocks()).isEmpty();
    }

    @Test
    void aPlainThreadHoldingTheLockTheSleepersWaitForIsNoDeadlock() throws Exception {
        Lock lock = new Lock("shared");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().name("holder").start(() -> {
            lock.acquire();
            held.countDown();
            try {
                waiting.await();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.release();
            }
        });
        held.await();
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(2)), () -> {
            Task<Object> waiter = Weft.spawn("waiter", () -> {
                waiting.countDown();
                lock.acquire();
                lock.release();
                return null;
            });
            waiter.join();
            return null;
        });
        holder.join();
        assertThat(reports.deadlocks()).isEmpty();
    }

    @Test
    void aTaskBlockedInAJdkCallIsNoDeadlock() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(4)), () -> {
            CountDownLatch latch = new CountDownLatch(1);
            Event done = new Event("done");
            Weft.spawn("blocked", () -> {
                latch.await();
                done.set();
                return null;
            });
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                latch.countDown();
            });
            done.await();
            return null;
        });
        assertThat(reports.deadlocks()).isEmpty();
    }

    @Test
    void theGraceLetsAPlainThreadTheLoopDoesNotKnowSetTheEvent() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(EventLoop.Options.defaults().withVirtualTime()), () -> {
            Event ready = new Event("ready");
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                ready.set();
            });
            ready.await();
            return null;
        });
        assertThat(reports.deadlocks()).isEmpty();
    }

    @Test
    void anotherLoopStillRunningIsNoDeadlock() throws Exception {
        Event ready = new Event("ready");
        CountDownLatch started = new CountDownLatch(1);
        Thread other = Thread.ofPlatform().name("other-loop").start(() -> Weft.run(() -> {
            started.countDown();
            Weft.sleep(Duration.ofMillis(100));
            ready.set();
            return null;
        }));
        started.await();
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(5)), () -> {
            ready.await();
            return null;
        });
        other.join();
        assertThat(reports.deadlocks()).isEmpty();
    }

    @Test
    void reportPolicyReportsOnceAndLetsThemSleepUntilSomeoneWakesThem() throws Exception {
        Event ready = new Event("ready");
        CountDownLatch reported = new CountDownLatch(1);
        AtomicReference<Throwable> evidence = new AtomicReference<>();
        Thread rescuer = Thread.ofPlatform().start(() -> {
            try {
                reported.await();
            } catch (InterruptedException e) {
                return;
            }
            ready.set();
        });
        EventLoop.Options options = virtual(6).withDeadlockPolicy(EventLoop.DeadlockPolicy.REPORT)
                .withDiagnostics((what, e) -> {
                    evidence.compareAndSet(null, e);
                    reported.countDown();
                });
        run(options, () -> {
            ready.await();
            return null;
        });
        rescuer.join();
        assertThat(evidence.get()).isInstanceOf(DeadlockException.class);
        DeadlockReport r = ((DeadlockException) evidence.get()).report();
        assertParties(r, "main");
        assertThat(r.victim()).isNull();
    }
}
