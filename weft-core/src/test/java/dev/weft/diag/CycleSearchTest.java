package dev.weft.diag;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import dev.weft.sync.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.weft.diag.DiagTesting.takeBoth;
import static dev.weft.diag.DiagTesting.assertParties;
import static dev.weft.diag.DiagTesting.joinAll;
import static dev.weft.diag.DiagTesting.run;
import static dev.weft.diag.DiagTesting.virtual;
import static org.assertj.core.api.Assertions.assertThat;

/** No false positive over thousands of seeds; real cycles found among crowds, races and JVM locks. */
@Timeout(120)
class CycleSearchTest {

    private static void noReports(long seed, DiagTesting.Reports reports) {
        assertThat(reports.deadlockish()).as("seed %d", seed).isEmpty();
    }

    @Test
    void orderedDiningPhilosophersNeverReportUnderThousandsOfSeeds() {
        for (long seed = 0; seed < 2000; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            long s = seed;
            run(reports.on(virtual(seed)), () -> {
                Random random = new Random(s);
                Lock[] forks = new Lock[5];
                for (int i = 0; i < 5; i++) {
                    forks[i] = new Lock("fork-" + i);
                }
                TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        Lock first = forks[Math.min(i, (i + 1) % 5)];
                        Lock second = forks[Math.max(i, (i + 1) % 5)];
                        g.spawn("philosopher-" + i, () -> {
                            for (int meal = 0; meal < 3; meal++) {
                                Weft.sleep(Duration.ofMillis(random.nextInt(3)));
                                try (var a = first.hold(); var b = second.hold()) {
                                    Weft.sleep(Duration.ofMillis(random.nextInt(3)));
                                }
                            }
                            return null;
                        });
                    }
                    return null;
                });
                return null;
            });
            noReports(seed, reports);
        }
    }

    @Test
    void orderedTransfersNeverReportUnderThousandsOfSeeds() {
        for (long seed = 0; seed < 2000; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            long s = seed;
            run(reports.on(virtual(seed)), () -> {
                Random random = new Random(s);
                Lock[] accounts = new Lock[6];
                for (int i = 0; i < accounts.length; i++) {
                    accounts[i] = new Lock("account-" + i);
                }
                List<Task<Object>> transfers = new ArrayList<>();
                for (int t = 0; t < 30; t++) {
                    int from = random.nextInt(6);
                    int to = (from + 1 + random.nextInt(5)) % 6;
                    transfers.add(Weft.spawn("transfer-" + t, () -> {
                        try (var a = accounts[Math.min(from, to)].hold()) {
                            Weft.yieldNow();
                            try (var b = accounts[Math.max(from, to)].hold()) {
                                Weft.yieldNow();
                            }
                        }
                        return null;
                    }));
                }
                assertThat(joinAll(transfers)).isEmpty();
                return null;
            });
            noReports(seed, reports);
        }
    }

    @Test
    void pipelinesWhoseProducersLetGoNeverReport() {
        for (long seed = 0; seed < 1000; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            int total = run(reports.on(virtual(seed)), () -> {
                Queue<Integer> q = new Queue<>("work", 2);
                AtomicInteger sum = new AtomicInteger();
                List<Task<Object>> all = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    all.add(Weft.spawn("consumer-" + c, () -> {
                        for (int x : q) {
                            sum.addAndGet(x);
                            Weft.yieldNow();
                        }
                        return null;
                    }));
                }
                List<Queue.Producer<Integer>> outs = List.of(q.producer(), q.producer());
                for (Queue.Producer<Integer> out : outs) {
                    all.add(Weft.spawn(() -> {
                        try (out) {
                            for (int i = 1; i <= 10; i++) {
                                out.put(i);
                            }
                        }
                        return null;
                    }));
                }
                assertThat(joinAll(all)).isEmpty();
                return sum.get();
            });
            assertThat(total).isEqualTo(110);
            noReports(seed, reports);
        }
    }

    @Test
    void joinTreesAndHeldSemaphoresNeverReport() {
        for (long seed = 0; seed < 1000; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            run(reports.on(virtual(seed)), () -> {
                Semaphore slots = new Semaphore("slots", 2);
                List<Task<Integer>> parents = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    parents.add(Weft.spawn("parent-" + p, () -> {
                        List<Task<Integer>> kids = new ArrayList<>();
                        for (int k = 0; k < 3; k++) {
                            kids.add(Weft.spawn(() -> {
                                try (var slot = slots.hold()) {
                                    Weft.yieldNow();
                                    return 1;
                                }
                            }));
                        }
                        int n = 0;
                        for (Task<Integer> kid : kids) {
                            n += kid.join();
                        }
                        return n;
                    }));
                }
                for (Task<Integer> p : parents) {
                    assertThat(p.join()).isEqualTo(3);
                }
                return null;
            });
            noReports(seed, reports);
        }
    }

    @Test
    void aCycleIsFoundWhileHundredsOfOtherTasksRun() {
        for (long seed = 0; seed < 20; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            long s = seed;
            DeadlockReport r = run(reports.on(virtual(seed)), () -> {
                Random random = new Random(s);
                Lock[] shared = {new Lock("shared-0"), new Lock("shared-1"), new Lock("shared-2")};
                Queue<Integer> q = new Queue<>("traffic", 8);
                List<Task<Object>> crowd = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    int kind = i % 3;
                    crowd.add(Weft.spawn("crowd-" + i, () -> {
                        for (int round = 0; round < 5; round++) {
                            switch (kind) {
                                case 0 -> {
                                    try (var a = shared[0].hold(); var b = shared[1 + random.nextInt(2)].hold()) {
                                        Weft.yieldNow();
                                    }
                                }
                                case 1 -> {
                                    q.put(round);
                                    Weft.sleep(Duration.ofMillis(random.nextInt(3)));
                                }
                                default -> {
                                    q.take();
                                    Weft.yieldNow();
                                }
                            }
                        }
                        return null;
                    }));
                }
                Lock a = new Lock("account-A");
                Lock b = new Lock("account-B");
                Task<Object> ab = Weft.spawn("transfer-ab", () -> takeBoth(a, b));
                Task<Object> ba = Weft.spawn("transfer-ba", () -> takeBoth(b, a));
                List<DeadlockException> raised = joinAll(List.of(ab, ba));
                assertThat(joinAll(crowd)).isEmpty();
                assertThat(raised).hasSize(1);
                return raised.getFirst().report();
            });
            assertParties(r, "transfer-ab", "transfer-ba");
            assertThat(reports.deadlocks()).isEmpty();
        }
    }

    @Test
    void plainThreadsClosingACycleAtTheSameMomentRaiseInExactlyOne() throws Exception {
        for (int round = 0; round < 200; round++) {
            Lock a = new Lock("A");
            Lock b = new Lock("B");
            CyclicBarrier bothHold = new CyclicBarrier(2);
            List<Throwable> raised = Collections.synchronizedList(new ArrayList<>());
            Thread t1 = Thread.ofPlatform().unstarted(() -> opposite(a, b, bothHold, raised));
            Thread t2 = Thread.ofPlatform().unstarted(() -> opposite(b, a, bothHold, raised));
            t1.start();
            t2.start();
            t1.join();
            t2.join();
            assertThat(raised).as("round %d", round).hasSize(1).first().isInstanceOf(DeadlockException.class);
        }
    }

    private static void opposite(Lock first, Lock second, CyclicBarrier bothHold, List<Throwable> raised) {
        try (var x = first.hold()) {
            bothHold.await();
            try (var y = second.hold()) {
                return;
            }
        } catch (DeadlockException e) {
            raised.add(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCycleThroughAJvmMonitorIsFoundWhenTheWeftWaitComesLast() throws Exception {
        Object monitor = new Object();
        Lock lock = new Lock("weft-lock");
        CountDownLatch t2HasLock = new CountDownLatch(1);
        List<Throwable> raised = Collections.synchronizedList(new ArrayList<>());
        Thread t2 = Thread.ofPlatform().name("t2").unstarted(() -> {
            lock.acquire();
            t2HasLock.countDown();
            synchronized (monitor) {
                lock.release();
            }
        });
        Thread t1 = Thread.ofPlatform().name("t1").start(() -> {
            synchronized (monitor) {
                t2.start();
                try {
                    t2HasLock.await();
                    while (t2.getState() != Thread.State.BLOCKED) {
                        Thread.onSpinWait();
                    }
                    lock.acquire();
                } catch (DeadlockException e) {
                    raised.add(e);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
        t1.join();
        t2.join();
        assertThat(raised).hasSize(1);
        DeadlockReport r = ((DeadlockException) raised.getFirst()).report();
        assertParties(r, "t1", "t2");
        assertThat(r.edges()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(DeadlockReport.Resource.MONITOR));
        assertThat(r.jvmDeadlocks()).as("the JVM sees only half of it").isEmpty();
    }

    @Test
    void aCycleThroughAJvmMonitorIsFoundByTheWatchdogWhenTheJvmWaitComesLast() throws Exception {
        Weft.run(() -> null);   // the watchdog starts with the first loop
        Object monitor = new Object();
        Lock lock = new Lock("weft-lock");
        CountDownLatch t2HasLock = new CountDownLatch(1);
        List<Throwable> raised = Collections.synchronizedList(new ArrayList<>());
        Thread t2 = Thread.ofPlatform().name("t2").unstarted(() -> {
            lock.acquire();
            t2HasLock.countDown();
            while (lock.statistics().waits().waiting() == 0) {
                Thread.onSpinWait();
            }
            synchronized (monitor) {
                lock.release();
            }
        });
        Thread t1 = Thread.ofPlatform().name("t1").start(() -> {
            synchronized (monitor) {
                t2.start();
                try {
                    t2HasLock.await();
                    lock.acquire();
                } catch (DeadlockException e) {
                    raised.add(e);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
        t1.join(Duration.ofSeconds(20));
        t2.join(Duration.ofSeconds(20));
        assertThat(raised).hasSize(1);
        assertParties(((DeadlockException) raised.getFirst()).report(), "t1", "t2");
    }
}
