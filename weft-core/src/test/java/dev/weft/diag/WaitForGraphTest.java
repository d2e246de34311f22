package dev.weft.diag;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TaskGroupException;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import dev.weft.sync.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static dev.weft.diag.DiagTesting.MS;
import static dev.weft.diag.DiagTesting.assertCoffman;
import static dev.weft.diag.DiagTesting.assertParties;
import static dev.weft.diag.DiagTesting.joinAll;
import static dev.weft.diag.DiagTesting.run;
import static dev.weft.diag.DiagTesting.takeBoth;
import static dev.weft.diag.DiagTesting.virtual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@Timeout(60)
class WaitForGraphTest {
    private static final int SEEDS = 200;

    /** Two transfers take two account locks in opposite orders; both hold one before asking for the other. */
    private static DeadlockException inversion(EventLoop.Options options, List<String> closers) {
        return run(options, () -> {
            Lock a = new Lock("account-A");
            Lock b = new Lock("account-B");
            Task<Object> ab = Weft.spawn("transfer-ab", () -> transfer(a, b, "transfer-ab", closers));
            Task<Object> ba = Weft.spawn("transfer-ba", () -> transfer(b, a, "transfer-ba", closers));
            List<DeadlockException> raised = joinAll(List.of(ab, ba));
            assertThat(raised).as("raised in exactly one waiter").hasSize(1);
            return raised.getFirst();
        });
    }

    private static Object transfer(Lock first, Lock second, String me, List<String> closers) {
        try (var x = first.hold()) {
            Weft.sleep(MS);
            closers.add(me);
            try (var y = second.hold()) {
                return null;
            }
        }
    }

    @Test
    void aLockOrderInversionIsRaisedInTheYoungestWaiterUnderEverySeed() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DeadlockReport r = inversion(virtual(seed), new ArrayList<>()).report();
            assertThat(r.kind()).isEqualTo(DeadlockReport.Kind.CYCLE);
            assertParties(r, "transfer-ab", "transfer-ba");
            assertThat(r.resources()).containsExactlyInAnyOrder("account-A", "account-B");
            assertThat(r.victim()).as("seed %d", seed).startsWith("task 'transfer-ba'").contains("youngest");
            assertCoffman(r);
        }
    }

    @Test
    void theReportSaysWhatEachPartyHoldsWaitsForAndWhereItBeganToWait() {
        DeadlockReport r = inversion(virtual(7), new ArrayList<>()).report();
        for (DeadlockReport.Edge e : r.edges()) {
            String mine = e.party().equals("task 'transfer-ab'") ? "account-A" : "account-B";
            String theirs = mine.equals("account-A") ? "account-B" : "account-A";
            assertThat(e.holds()).containsExactly(mine);
            assertThat(e.waitsFor()).isEqualTo(theirs);
            assertThat(e.kind()).isEqualTo(DeadlockReport.Resource.LOCK);
            assertThat(e.heldBy()).isNotEqualTo(e.party()).startsWith("task 'transfer-");
            assertThat(e.where()).contains("WaitForGraphTest.transfer(WaitForGraphTest.java:");
        }
        assertThat(r.conditions().get("mutual exclusion")).contains("account-A admits one holder");
        assertThat(r.conditions().get("hold and wait")).contains("task 'transfer-ab' holds account-A while it waits for account-B");
        assertThat(r.conditions().get("circular wait")).contains("→ account-B → task 'transfer-ba'");
        assertThat(r.fixes()).anySatisfy(f -> assertThat(f).contains("account-A before account-B"))
                .anySatisfy(f -> assertThat(f).contains("tryAcquire(Duration)"))
                .anySatisfy(f -> assertThat(f).contains("merge the locks"));
    }

    @Test
    void lastToWaitRaisesInThePartyWhoseWaitClosedTheCycle() {
        for (long seed = 0; seed < SEEDS; seed++) {
            List<String> closers = Collections.synchronizedList(new ArrayList<>());
            DeadlockReport r = inversion(virtual(seed).withDeadlockVictim(EventLoop.DeadlockVictim.LAST_TO_WAIT), closers)
                    .report();
            assertThat(r.victim()).as("seed %d", seed).startsWith("task '" + closers.getLast() + "'");
        }
    }

    @Test
    void naiveDiningPhilosophersAreCaughtWithAllFiveAndOnlyThemAsParties() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DeadlockReport r = run(virtual(seed), () -> {
                Lock[] forks = new Lock[5];
                for (int i = 0; i < 5; i++) {
                    forks[i] = new Lock("fork-" + i);
                }
                List<Task<Object>> diners = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    Lock left = forks[i];
                    Lock right = forks[(i + 1) % 5];
                    diners.add(Weft.spawn("philosopher-" + i, () -> takeBoth(left, right)));
                }
                Weft.spawn("bystander", () -> {
                    Weft.sleep(Duration.ofSeconds(1));
                    return null;
                });
                List<DeadlockException> raised = joinAll(diners);
                assertThat(raised).hasSize(1);
                return raised.getFirst().report();
            });
            assertParties(r, "philosopher-0", "philosopher-1", "philosopher-2", "philosopher-3", "philosopher-4");
            assertThat(r.resources()).containsExactlyInAnyOrder("fork-0", "fork-1", "fork-2", "fork-3", "fork-4");
            assertThat(r.victim()).startsWith("task 'philosopher-4'");
            assertCoffman(r);
        }
    }

    @Test
    void twoSemaphoresTakenInOppositeOrdersDeadlockLikeLocks() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DeadlockReport r = run(virtual(seed), () -> {
                Semaphore x = new Semaphore("pool-X", 1);
                Semaphore y = new Semaphore("pool-Y", 1);
                Task<Object> xy = Weft.spawn("xy", () -> both(x, y));
                Task<Object> yx = Weft.spawn("yx", () -> both(y, x));
                List<DeadlockException> raised = joinAll(List.of(xy, yx));
                assertThat(raised).hasSize(1);
                return raised.getFirst().report();
            });
            assertParties(r, "xy", "yx");
            assertThat(r.edges()).allSatisfy(e -> assertThat(e.kind()).isEqualTo(DeadlockReport.Resource.SEMAPHORE));
            assertCoffman(r);
        }
    }

    private static Object both(Semaphore first, Semaphore second) {
        try (var p = first.hold()) {
            Weft.sleep(MS);
            try (var q = second.hold()) {
                return null;
            }
        }
    }

    @Test
    void aSemaphoreReleasedByOneThatHoldsNoPermitIsASignalAndNeverDeadlocks() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            run(reports.on(virtual(seed)), () -> {
                Semaphore ready = new Semaphore("ready", 1);
                ready.acquire();
                Task<Object> waker = Weft.spawn("waker", () -> {
                    Weft.sleep(MS);
                    ready.release();
                    return null;
                });
                ready.acquire();   // waits for itself, as a resource; but the waker releases it
                waker.join();
                return null;
            });
            assertThat(reports.deadlockish()).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aTaskJoiningItselfIsASelfDeadlock() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DeadlockException e = run(virtual(seed), () -> {
                Weft.spawn("bystander", () -> {
                    Weft.yieldNow();
                    return null;
                });
                return catchThrowableOfType(DeadlockException.class,
                        () -> Weft.spawn("narcissus", () -> Weft.currentTask().join()).join());
            });
            DeadlockReport r = e.report();
            assertThat(r.kind()).isEqualTo(DeadlockReport.Kind.SELF);
            assertParties(r, "narcissus");
            assertThat(r.resources()).containsExactly("task 'narcissus'");
            assertThat(r.fixes().getFirst()).contains("cannot wait for its own end");
            assertCoffman(r);
        }
    }

    @Test
    void reacquiringAHeldLockIsASelfDeadlockWithItsOwnReport() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DeadlockException e = run(virtual(seed), () -> {
                Lock lock = new Lock("config");
                Task<DeadlockException> t = Weft.spawn("configurer", () -> {
                    lock.acquire();
                    try {
                        lock.acquire();
                        return null;
                    } catch (DeadlockException d) {
                        return d;
                    }
                });
                Weft.yieldNow();
                return t.join();
            });
            DeadlockReport r = e.report();
            assertThat(r.kind()).isEqualTo(DeadlockReport.Kind.SELF);
            assertParties(r, "configurer");
            assertThat(r.edges().getFirst().where()).contains("WaitForGraphTest");
            assertThat(r.fixes().getFirst()).contains("not reentrant");
            assertCoffman(r);
        }
    }

    @Test
    void twoTasksJoiningEachOtherAreCaughtUnderEverySeed() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DeadlockReport r = run(virtual(seed), () -> {
                Promise<Task<Object>> secondRef = new Promise<>("second's handle");
                Task<Object> first = Weft.spawn("first", () -> secondRef.join().join());
                Task<Object> second = Weft.spawn("second", first::join);
                secondRef.complete(second);
                Set<DeadlockException> raised = Collections.newSetFromMap(new IdentityHashMap<>());
                raised.addAll(joinAll(List.of(first, second)));
                assertThat(raised).as("one exception, rethrown by the join of its task").hasSize(1);
                return raised.iterator().next().report();
            });
            assertParties(r, "first", "second");
            assertThat(r.resources()).containsExactlyInAnyOrder("task 'first'", "task 'second'");
            assertThat(r.victim()).startsWith("task 'second'");
            assertThat(r.toDot()).contains("[label=\"joins\", color=red]");
            assertCoffman(r);
        }
    }

    @Test
    void aChildWaitingForTheLockItsGroupOwnerHoldsIsCaughtAndTheGroupFails() {
        for (long seed = 0; seed < SEEDS; seed++) {
            TaskGroupException e = run(virtual(seed), () -> {
                Lock lock = new Lock("ledger");
                try (var held = lock.hold()) {
                    return catchThrowableOfType(TaskGroupException.class, () -> TaskGroup.run(g -> {
                        g.spawn("auditor", () -> {
                            lock.acquire();
                            lock.release();
                            return null;
                        });
                        return null;
                    }));
                }
            });
            assertThat(e.failures()).hasSize(1).first().isInstanceOf(DeadlockException.class);
            DeadlockReport r = ((DeadlockException) e.failures().getFirst()).report();
            assertParties(r, "main", "auditor");
            assertThat(r.resources()).contains("ledger", "the task group of task 'main'");
            assertCoffman(r);
        }
    }

    @Test
    void aDeadlockClosedWhenASiblingEndsIsCaughtThen() {
        for (long seed = 0; seed < SEEDS; seed++) {
            TaskGroupException e = run(virtual(seed), () -> {
                Lock lock = new Lock("ledger");
                try (var held = lock.hold()) {
                    return catchThrowableOfType(TaskGroupException.class, () -> TaskGroup.run(g -> {
                        g.spawn("quick", () -> {
                            Weft.sleep(Duration.ofMillis(5));
                            return null;
                        });
                        g.spawn("stuck", () -> {
                            lock.acquire();
                            lock.release();
                            return null;
                        });
                        return null;
                    }));
                }
            });
            DeadlockReport r = ((DeadlockException) e.failures().getFirst()).report();
            assertParties(r, "main", "stuck");
        }
    }

    @Test
    void aProducerThatJoinsItsConsumerWhileHoldingTheQueueOpenIsCaught() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DeadlockReport r = run(virtual(seed), () -> {
                Queue<Integer> results = new Queue<>("results", 4);
                Task<Integer> consumer = Weft.spawn("consumer", () -> {
                    int sum = 0;
                    for (int x : results) {
                        sum += x;
                    }
                    return sum;
                });
                Task<Object> producer = Weft.spawn("producer", () -> {
                    try (var out = results.producer()) {
                        out.put(1);
                        out.put(2);
                        return consumer.join();   // the bug: join before letting go of the queue
                    }
                });
                DeadlockException raised = catchThrowableOfType(DeadlockException.class, producer::join);
                assertThat(consumer.join()).as("the queue closed as the producer unwound").isEqualTo(3);
                return raised.report();
            });
            assertParties(r, "consumer", "producer");
            assertThat(r.resources()).contains("results", "task 'consumer'");
            assertThat(r.fixes()).anySatisfy(f -> assertThat(f).contains("Queue.Producer.close"));
            assertCoffman(r);
        }
    }

    @Test
    void aTakerOfAQueueWithoutProducersWaitsForAnyoneSoALateCloserIsNoDeadlock() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            int sum = run(reports.on(virtual(seed)), () -> {
                Queue<Integer> q = new Queue<>("jobs", 8);
                Task<Integer> consumer = Weft.spawn("consumer", () -> {
                    int s = 0;
                    for (int x : q) {
                        s += x;
                    }
                    return s;
                });
                q.put(1);
                q.put(2);
                Weft.spawn("closer", () -> {
                    Weft.sleep(Duration.ofMillis(10));
                    q.close();
                    return null;
                });
                return consumer.join();   // main put before and waits for the consumer: not a cycle
            });
            assertThat(sum).isEqualTo(3);
            assertThat(reports.deadlockish()).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aTaskAndAPlainThreadTakingLocksInOppositeOrdersAreCaught() throws Exception {
        for (int round = 0; round < 20; round++) {
            Lock a = new Lock("A");
            Lock b = new Lock("B");
            java.util.concurrent.CountDownLatch aliceHasB = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch bobHasA = new java.util.concurrent.CountDownLatch(1);
            List<Throwable> bobs = Collections.synchronizedList(new ArrayList<>());
            Throwable alices = run(EventLoop.Options.defaults(), () -> {
                Task<Object> alice = Weft.spawn("alice", () -> {
                    try (var x = b.hold()) {
                        aliceHasB.countDown();
                        bobHasA.await();
                        try (var y = a.hold()) {
                            return null;
                        }
                    }
                });
                Thread bob = Thread.ofPlatform().name("bob").start(() -> {
                    try (var x = a.hold()) {
                        bobHasA.countDown();
                        aliceHasB.await();
                        try (var y = b.hold()) {
                            return;
                        }
                    } catch (Throwable e) {
                        bobs.add(e);
                    }
                });
                Throwable t = catchThrowable(alice::join);
                bob.join();
                return t;
            });
            List<Throwable> all = new ArrayList<>(bobs);
            if (alices != null) {
                all.add(alices);
            }
            assertThat(all).hasSize(1).first().isInstanceOf(DeadlockException.class);
            assertParties(((DeadlockException) all.getFirst()).report(), "alice", "bob");
            assertThat(bobs).as("bob is younger than alice").hasSize(1);
        }
    }

    @Test
    void aToThreadBodyNeedingALockItsCallerHoldsIsCaught() {
        for (long seed = 0; seed < 50; seed++) {
            DeadlockException e = run(virtual(seed), () -> {
                Lock lock = new Lock("cache");
                try (var held = lock.hold()) {
                    return catchThrowableOfType(DeadlockException.class, () -> Weft.toThread(() -> {
                        try (var inner = lock.hold()) {
                            return null;
                        }
                    }));
                }
            });
            assertThat(String.join(" ", e.report().parties())).contains("task 'main'", "thread 'weft-to-thread-");
            assertThat(e.report().resources()).contains("cache", "toThread body");
        }
    }

    @Test
    void timedWaitsNeverDeadlockTheyEnd() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            List<Boolean> got = run(reports.on(virtual(seed)), () -> {
                Lock a = new Lock("A");
                Lock b = new Lock("B");
                Task<Boolean> ab = Weft.spawn(() -> timed(a, b));
                Task<Boolean> ba = Weft.spawn(() -> timed(b, a));
                return List.of(ab.join(), ba.join());
            });
            assertThat(got).as("seed %d", seed).contains(false);
            assertThat(reports.deadlockish()).isEmpty();
        }
    }

    private static boolean timed(Lock first, Lock second) {
        try (var x = first.hold()) {
            Weft.sleep(MS);
            if (second.tryAcquire(Duration.ofMillis(5))) {
                second.release();
                return true;
            }
            return false;
        }
    }

    @Test
    void waitsInsideATimeoutScopeNeverDeadlockTheyTimeOut() {
        for (long seed = 0; seed < SEEDS; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            run(reports.on(virtual(seed)), () -> {
                Lock a = new Lock("A");
                Lock b = new Lock("B");
                Task<Object> ab = Weft.spawn(() -> Weft.withTimeout(Duration.ofMillis(20), () -> takeBoth(a, b)));
                Task<Object> ba = Weft.spawn(() -> Weft.withTimeout(Duration.ofMillis(20), () -> takeBoth(b, a)));
                List<Throwable> ends = new ArrayList<>();
                ends.add(catchThrowable(ab::join));
                ends.add(catchThrowable(ba::join));
                // The first to time out lets go; the other may then get its lock before its own timeout shows.
                assertThat(ends).anySatisfy(t -> assertThat(t).isInstanceOf(TimedOutException.class));
                assertThat(ends).noneSatisfy(t -> assertThat(t).isInstanceOf(DeadlockException.class));
                return null;
            });
            assertThat(reports.deadlocks()).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void reportPolicyHandsTheReportToTheFailureHandlerOnceAndRaisesNothing() {
        for (long seed = 0; seed < 50; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            run(reports.on(virtual(seed).withDeadlockPolicy(EventLoop.DeadlockPolicy.REPORT)), () -> {
                Lock a = new Lock("account-A");
                Lock b = new Lock("account-B");
                Task<Object> ab = Weft.spawn("transfer-ab", () -> takeBoth(a, b));
                Task<Object> ba = Weft.spawn("transfer-ba", () -> takeBoth(b, a));
                Weft.sleep(Duration.ofSeconds(1));
                assertThat(ab.isDone() || ba.isDone()).as("both still wait").isFalse();
                ab.cancel();
                ba.cancel();
                List<Throwable> ends = new ArrayList<>();
                ends.add(catchThrowable(ab::join));
                ends.add(catchThrowable(ba::join));
                assertThat(ends).anySatisfy(t -> assertThat(t).isInstanceOf(CancellationException.class));
                assertThat(ends).noneSatisfy(t -> assertThat(t).isInstanceOf(DeadlockException.class));
                return null;
            });
            assertThat(reports.deadlocks()).hasSize(1);
            assertParties(reports.deadlocks().getFirst(), "transfer-ab", "transfer-ba");
            assertThat(reports.deadlocks().getFirst().victim()).isNull();
        }
    }

    @Test
    void bothPolicyReportsOnceAndRaisesInOne() {
        for (long seed = 0; seed < 50; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            DeadlockException raised = inversion(reports.on(virtual(seed).withDeadlockPolicy(EventLoop.DeadlockPolicy.BOTH)),
                    new ArrayList<>());
            assertThat(reports.deadlocks()).hasSize(1);
            assertThat(reports.deadlocks().getFirst().toText()).isEqualTo(raised.report().toText());
        }
    }
}
