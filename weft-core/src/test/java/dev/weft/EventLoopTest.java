package dev.weft;

import dev.weft.spi.Instrument;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLoopTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();

    @Test
    void callbacksRunInTheOrderTheyWereScheduled() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            EventLoop loop = Weft.loop();
            loop.callSoon(() -> trace.add("soon 1"));
            loop.callLater(Duration.ofSeconds(2), () -> trace.add("later 2s"));
            loop.callLater(Duration.ofSeconds(1), () -> trace.add("later 1s a"));
            loop.callLater(Duration.ofSeconds(1), () -> trace.add("later 1s b"));
            loop.callSoon(() -> trace.add("soon 2"));
            trace.add("task before wait");
            Weft.sleep(Duration.ofSeconds(3));
            return null;
        });
        trace.assertExactly("task before wait", "soon 1", "soon 2", "later 1s a", "later 1s b", "later 2s");
    }

    @Test
    void aCancelledCallbackNeverRuns() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Cancellable soon = Weft.loop().callSoon(() -> trace.add("soon"));
            Cancellable later = Weft.loop().callLater(Duration.ofSeconds(1), () -> trace.add("later"));
            assertThat(soon.cancel()).isTrue();
            assertThat(later.cancel()).isTrue();
            assertThat(later.cancel()).isFalse();
            assertThat(Weft.loop().timerCount()).isZero();
            Weft.sleep(Duration.ofSeconds(2));
            return null;
        });
        trace.assertExactly();
    }

    @Test
    void callSoonThreadsafeKeepsEachThreadsOrder() throws Exception {
        int perThread = 2000;
        List<List<Integer>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            CountDownLatch start = new CountDownLatch(1);
            Promise<Void> allPosted = new Promise<>();
            AtomicInteger finished = new AtomicInteger();
            for (int t = 0; t < 3; t++) {
                int id = t;
                Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        loop.callSoonThreadsafe(() -> seen.get(id).add(n));
                    }
                    if (finished.incrementAndGet() == 3) {
                        loop.callSoonThreadsafe(() -> allPosted.complete(null));
                    }
                });
            }
            start.countDown();
            allPosted.join();
            return null;
        });
        for (List<Integer> one : seen) {
            assertThat(one).hasSize(perThread).isSorted();
        }
    }

    @Test
    void callSoonOffTheLoopThreadIsRefusedWithAClearError() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Weft.run(() -> {
            EventLoop loop = Weft.loop();
            Throwable thrown = Weft.toThread(() -> {
                try {
                    loop.callSoon(ran::incrementAndGet);
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            assertThat(thrown).hasMessageContaining("callSoonThreadsafe");
            return null;
        });
        assertThat(ran).hasValue(0);
    }

    @Test
    void aClosedLoopRefusesThreadsafeCallbacks() {
        EventLoop loop = Weft.run(Weft::loop);
        assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aFailingCallbackIsReportedAndTheLoopGoesOn() {
        List<String> reported = new ArrayList<>();
        int v = Weft.run(VIRTUAL.withFailureHandler((what, error) -> reported.add(what + ": " + error.getMessage())),
                () -> {
                    Weft.loop().callSoon(() -> {
                        throw new IllegalStateException("callback broke");
                    });
                    Weft.yieldNow();
                    return 1;
                });
        assertThat(v).isEqualTo(1);
        assertThat(reported).singleElement().asString().contains("callback broke");
    }

    @Test
    void timersFireInDeadlineOrderWithTiesInTheOrderSet() {
        int n = 200_000;
        long[] fired = new long[n];
        int[] count = {0};
        Weft.run(VIRTUAL, () -> {
            EventLoop loop = Weft.loop();
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < n; i++) {
                int id = i;
                int delayMs = random.nextInt(1000);
                loop.callLater(Duration.ofMillis(delayMs), () -> fired[count[0]++] = ((long) delayMs << 32) | id);
            }
            assertThat(loop.timerCount()).isEqualTo(n);
            Weft.sleep(Duration.ofSeconds(2));
            return null;
        });
        assertThat(count[0]).isEqualTo(n);
        for (int i = 1; i < n; i++) {
            assertThat(fired[i]).as("timer %d fired out of order", i).isGreaterThan(fired[i - 1]);
        }
    }

    @Test
    void aHundredThousandTasksSpawnAndJoin() {
        int n = 100_000;
        long sum = Weft.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int v = i;
                tasks.add(Weft.spawn(() -> {
                    Weft.yieldNow();
                    return v;
                }));
            }
            long s = 0;
            for (Task<Integer> t : tasks) {
                s += t.join();
            }
            assertThat(Weft.loop().taskCount()).isEqualTo(1);
            return s;
        });
        assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
    }

    @Test
    void aHundredThousandTasksWaitOnOneEvent() {
        int n = 100_000;
        int woke = Weft.run(() -> {
            Event go = new Event("go");
            AtomicInteger awake = new AtomicInteger();
            List<Task<Object>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(Weft.spawn(() -> {
                    go.await();
                    awake.incrementAndGet();
                    return null;
                }));
            }
            Weft.yieldNow();
            assertThat(awake).hasValue(0);
            go.set();
            for (Task<Object> t : tasks) {
                t.join();
            }
            return awake.get();
        });
        assertThat(woke).isEqualTo(n);
    }

    /** Tasks of one loop share plain fields without locks between their waiting points. */
    @Test
    void tasksMutateSharedPlainFieldsWithoutLostUpdatesUnderManySeeds() {
        for (long seed = 0; seed < 200; seed++) {
            int[] counter = {0};
            int tasks = 10;
            int rounds = 50;
            Weft.run(VIRTUAL.withSeed(seed), () -> {
                List<Task<Object>> all = new ArrayList<>();
                for (int t = 0; t < tasks; t++) {
                    all.add(Weft.spawn(() -> {
                        for (int r = 0; r < rounds; r++) {
                            int read = counter[0];
                            counter[0] = read + 1;
                            Weft.yieldNow();
                        }
                        return null;
                    }));
                }
                for (Task<Object> t : all) {
                    t.join();
                }
                return null;
            });
            assertThat(counter[0]).as("seed %d", seed).isEqualTo(tasks * rounds);
        }
    }

    @Test
    void theSameSeedGivesTheSameInterleaving() {
        for (long seed = 0; seed < 50; seed++) {
            assertThat(interleaving(seed)).as("seed %d", seed).isEqualTo(interleaving(seed));
        }
    }

    @Test
    void differentSeedsGiveDifferentInterleavings() {
        Set<List<String>> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            distinct.add(interleaving(seed));
        }
        assertThat(distinct).hasSizeGreaterThan(10);
    }

    @Test
    void withoutASeedReadyTasksRunFirstComeFirstServed() {
        List<String> fifo = interleaving(null);
        assertThat(fifo.subList(0, 4)).containsExactly("a0", "b0", "c0", "d0");
        assertThat(interleaving(null)).isEqualTo(fifo);
    }

    private static List<String> interleaving(Long seed) {
        Trace trace = new Trace();
        EventLoop.Options options = seed == null ? VIRTUAL : VIRTUAL.withSeed(seed);
        Weft.run(options, () -> {
            List<Task<Object>> all = new ArrayList<>();
            for (String name : List.of("a", "b", "c", "d")) {
                all.add(Weft.spawn(name, () -> {
                    for (int i = 0; i < 5; i++) {
                        trace.add(name + i);
                        if (i % 2 == 0) {
                            Weft.yieldNow();
                        } else {
                            Weft.sleep(Duration.ofMillis(10));
                        }
                    }
                    return null;
                }));
            }
            for (Task<Object> t : all) {
                t.join();
            }
            return null;
        });
        return trace.events();
    }

    @Test
    void theVirtualClockJumpsWhenNothingCanRun() {
        long real = System.nanoTime();
        long virtual = Weft.run(VIRTUAL, () -> {
            Weft.sleep(Duration.ofDays(1));
            return Weft.loop().nanoTime();
        });
        assertThat(virtual).isEqualTo(Duration.ofDays(1).toNanos());
        assertThat(System.nanoTime() - real).isLessThan(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void theVirtualClockWaitsForATaskBlockedInAJdkCall() {
        Weft.run(VIRTUAL, () -> {
            Task<Object> sleeper = Weft.spawn(() -> {
                Weft.sleep(Duration.ofHours(1));
                return null;
            });
            Thread.sleep(20);
            assertThat(Weft.loop().nanoTime()).as("no jump while a task was blocked in Thread.sleep").isZero();
            sleeper.join();
            assertThat(Weft.loop().nanoTime()).isEqualTo(Duration.ofHours(1).toNanos());
            return null;
        });
    }

    @Test
    void aChannelReadyOnTheLoopsSelectorCallsItsHandlerOnTheLoopThread() throws Exception {
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        String got = Weft.run(() -> {
            EventLoop loop = Weft.loop();
            Promise<String> arrived = new Promise<>();
            pipe.source().configureBlocking(false);
            pipe.source().register(loop.selector(), java.nio.channels.SelectionKey.OP_READ,
                    (EventLoop.IoHandler) key -> {
                        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16);
                        try {
                            int n = pipe.source().read(buf);
                            key.cancel();
                            arrived.complete(new String(buf.array(), 0, n) + " on loop thread: " + loop.inLoopThread());
                        } catch (java.io.IOException e) {
                            arrived.fail(e);
                        }
                    });
            // Keep the loop busy for a while so readiness is also polled between batches.
            Task<Object> busy = Weft.spawn(() -> {
                while (!arrived.isDone()) {
                    Weft.yieldNow();
                }
                return null;
            });
            Thread.ofPlatform().start(() -> {
                try {
                    pipe.sink().write(java.nio.ByteBuffer.wrap("ping".getBytes()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            busy.join();
            return arrived.join();
        });
        assertThat(got).isEqualTo("ping on loop thread: true");
        pipe.sink().close();
        pipe.source().close();
    }

    @Test
    void instrumentSeesEveryStageOfATask() {
        Trace trace = new Trace();
        Instrument instrument = new Instrument() {
            private boolean mine(Task<?> t) {
                return t.name().equals("child");
            }

            @Override
            public void taskSpawned(Task<?> t) {
                if (mine(t)) {
                    trace.add("spawned");
                }
            }

            @Override
            public void taskScheduled(Task<?> t) {
                if (mine(t)) {
                    trace.add("scheduled");
                }
            }

            @Override
            public void beforeStep(Task<?> t) {
                if (mine(t)) {
                    trace.add("before");
                }
            }

            @Override
            public void afterStep(Task<?> t) {
                if (mine(t)) {
                    trace.add("after");
                }
            }

            @Override
            public void waitStarted(Task<?> t, Object resource) {
                if (mine(t)) {
                    trace.add("wait " + resource);
                }
            }

            @Override
            public void waitEnded(Task<?> t, Object resource) {
                if (mine(t)) {
                    trace.add("woke " + resource);
                }
            }

            @Override
            public void taskExited(Task<?> t) {
                if (mine(t)) {
                    trace.add("exited " + t.state());
                }
            }
        };
        Weft.run(VIRTUAL.withInstrument(instrument), () -> Weft.spawn("child", () -> {
            Weft.sleep(Duration.ofSeconds(1));
            return null;
        }).join());
        trace.assertExactly("spawned", "scheduled", "before", "wait sleep", "after", "scheduled", "before",
                "woke sleep", "exited SUCCESS", "after");
    }
}
