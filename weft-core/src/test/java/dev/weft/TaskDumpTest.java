package dev.weft;

import dev.weft.sync.Event;
import dev.weft.sync.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class TaskDumpTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();

    @Test
    void theDumpListsEveryTaskWithItsStateWhatItWaitsOnWhoCouldEndItAndItsStack() {
        String dump = Weft.run(VIRTUAL, () -> {
            Lock fork = new Lock("fork");
            CountDownLatch gate = new CountDownLatch(1);
            Weft.spawn("holder", () -> {
                try (var held = fork.hold()) {
                    Weft.sleep(Duration.ofHours(1));
                }
                return null;
            });
            Weft.spawn("waiter", () -> {
                fork.acquire();
                fork.release();
                return null;
            });
            Weft.spawn("blocked", () -> {
                gate.await();
                return null;
            });
            Weft.yieldNow();
            Weft.yieldNow();
            Weft.spawn("fresh", () -> null);
            String d = Weft.dumpTasks();
            gate.countDown();
            Weft.loop().tasks().forEach(Task::cancel);
            return d;
        });
        assertThat(dump).startsWith("Weft task dump: 1 loop")
                .contains("virtual time")
                .contains("task 'main' #").contains(": running")
                .contains("task 'holder' #").contains("on sleep (timed)")
                .containsPattern("task 'waiter' #\\d+: waiting \\d+\\.\\d{3} s on fork, which task 'holder' could end")
                .containsPattern("task 'blocked' #\\d+: blocked in a JDK call")
                .containsPattern("task 'fresh' #\\d+: ready")
                .contains("at dev.weft.TaskDumpTest");
    }

    @Test
    void theDumpWorksWhileHundredsOfOtherTasksRun() {
        String dump = Weft.run(VIRTUAL, () -> {
            Event go = new Event("go");
            for (int i = 0; i < 500; i++) {
                int me = i;
                Weft.spawn("crowd-" + i, () -> {
                    if (me % 2 == 0) {
                        go.await();
                    } else {
                        for (int r = 0; r < 100; r++) {
                            Weft.yieldNow();
                        }
                    }
                    return null;
                });
            }
            Weft.yieldNow();
            String d = Weft.dumpTasks();
            go.set();
            return d;
        });
        for (int i = 0; i < 500; i++) {
            assertThat(dump).contains("task 'crowd-" + i + "' #");
        }
        assertThat(dump).contains("501 tasks").contains("on go");
    }

    @Test
    void aLoopHeldByATaskIsDumpedWithoutItsHelp() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        Thread loop = Thread.ofPlatform().name("held-loop").start(() -> Weft.run(() -> {
            Weft.spawn("sleeper", () -> {
                Weft.sleep(Duration.ofHours(1));
                return null;
            });
            Weft.yieldNow();
            spinning.countDown();
            while (!stop.get()) {
                Thread.onSpinWait();
            }
            Weft.loop().tasks().forEach(Task::cancel);
            return null;
        }));
        spinning.await();
        String dump = Weft.dumpTasks();
        stop.set(true);
        loop.join();
        assertThat(dump).contains("Loop on thread 'held-loop'")
                .contains("did not answer within 200 ms, a step holds it")
                .containsPattern("task 'main' #\\d+: running")
                .contains("task 'sleeper'");
    }

    @Test
    void plainThreadsWaitingInWeftAndJvmDeadlocksAreListed() throws Exception {
        Lock shared = new Lock("shared");
        shared.acquire();
        Thread waiter = Thread.ofPlatform().name("weft-waiter").start(shared::acquire);
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        CountDownLatch both = new CountDownLatch(2);
        Thread t1 = Thread.ofPlatform().name("jvm-1").start(() -> crossed(a, b, both));
        Thread t2 = Thread.ofPlatform().name("jvm-2").start(() -> crossed(b, a, both));
        AtomicReference<String> dump = new AtomicReference<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            dump.set(Weft.dumpTasks());
        } while ((!dump.get().contains("jvm-2") || !dump.get().contains("weft-waiter")) && System.nanoTime() < deadline);
        t1.interrupt();
        t2.interrupt();
        shared.release();
        waiter.join();
        t1.join();
        t2.join();
        assertThat(dump.get()).contains("Plain threads waiting in Weft: 1")
                .containsPattern("thread 'weft-waiter': waiting \\d+\\.\\d{3} s on shared, which thread '[^']+' could end")
                .contains("Threads the JVM finds deadlocked in monitors or java.util.concurrent locks:")
                .contains("thread 'jvm-1' waits for").contains("held by thread 'jvm-2'");
    }

    private static void crossed(ReentrantLock first, ReentrantLock second, CountDownLatch both) {
        try {
            first.lockInterruptibly();
            try {
                both.countDown();
                both.await();
                second.lockInterruptibly();
                second.unlock();
            } finally {
                first.unlock();
            }
        } catch (InterruptedException e) {
            // the test breaks the deadlock it made
        }
    }
}
