package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();

    @Test
    void joinReturnsTheResult() {
        int v = Weft.run(VIRTUAL, () -> Weft.spawn(() -> 42).join());
        assertThat(v).isEqualTo(42);
    }

    @Test
    void joinRethrowsARuntimeExceptionAsThrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> {
                throw boom;
            });
            assertThatThrownBy(t::join).isSameAs(boom);
            assertThat(t.state()).isEqualTo(Future.State.FAILED);
            assertThat(t.exceptionNow()).isSameAs(boom);
            return null;
        });
    }

    @Test
    void joinWrapsACheckedExceptionInTaskFailedException() {
        IOException io = new IOException("disk");
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> {
                throw io;
            });
            assertThatThrownBy(t::join).isInstanceOf(TaskFailedException.class).hasCause(io);
            return null;
        });
    }

    @Test
    void getWrapsFailuresInExecutionException() {
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> {
                throw new IllegalArgumentException("x");
            });
            assertThatThrownBy(t::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            return null;
        });
    }

    @Test
    void getWithTimeoutTimesOutOnTheLoopClock() {
        Weft.run(VIRTUAL, () -> {
            Task<Integer> slow = Weft.spawn(() -> {
                Weft.sleep(Duration.ofSeconds(10));
                return 1;
            });
            assertThatThrownBy(() -> slow.get(2, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(Weft.loop().nanoTime()).isEqualTo(Duration.ofSeconds(2).toNanos());
            assertThat(slow.get(20, TimeUnit.SECONDS)).isEqualTo(1);
            return null;
        });
    }

    @Test
    void cancelledBeforeItStartsTheBodyNeverRuns() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> {
                trace.add("body ran");
                return null;
            });
            assertThat(t.cancel()).isTrue();
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThat(t.state()).isEqualTo(Future.State.CANCELLED);
            assertThat(t.isCancelled()).isTrue();
            return null;
        });
        trace.assertExactly();
    }

    @Test
    void cancelReachesTheNextWaitingPointAndRunsFinally() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> {
                try {
                    trace.add("sleeping");
                    Weft.sleep(Duration.ofHours(1));
                    trace.add("woke");
                } finally {
                    trace.add("finally");
                }
                return null;
            });
            Weft.sleep(Duration.ofSeconds(1));
            assertThat(t.cancel()).isTrue();
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThat(Weft.loop().nanoTime()).isEqualTo(Duration.ofSeconds(1).toNanos());
            return null;
        });
        trace.assertExactly("sleeping", "finally");
    }

    @Test
    void cancelIsLevelTriggeredSoEveryLaterWaitIsCancelledToo() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    try {
                        Weft.sleep(Duration.ofSeconds(1));
                    } catch (CancellationException e) {
                        trace.add("cancelled " + i);
                    }
                }
                return "swallowed";
            });
            Weft.yieldNow();
            t.cancel();
            assertThat(t.join()).isEqualTo("swallowed");
            assertThat(t.state()).as("a task that swallows its cancellation and returns succeeds")
                    .isEqualTo(Future.State.SUCCESS);
            return null;
        });
        trace.assertExactly("cancelled 0", "cancelled 1", "cancelled 2");
    }

    @Test
    void cancelReturnsFalseOnceTheTaskHasEnded() {
        Weft.run(VIRTUAL, () -> {
            Task<Integer> t = Weft.spawn(() -> 1);
            t.join();
            assertThat(t.cancel()).isFalse();
            assertThat(t.state()).isEqualTo(Future.State.SUCCESS);
            return null;
        });
    }

    @Test
    void cancelInterruptsAJdkBlockingCallAndCountsAsCancelled() {
        Weft.run(() -> {
            CountDownLatch never = new CountDownLatch(1);
            Task<Object> t = Weft.spawn(() -> {
                never.await();
                return null;
            });
            Weft.yieldNow();
            t.cancel();
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(t.state()).isEqualTo(Future.State.CANCELLED);
            return null;
        });
    }

    @Test
    void anInterruptedExceptionWithoutACancelIsAFailure() {
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> {
                throw new InterruptedException("not from a cancel");
            });
            assertThatThrownBy(t::join).isInstanceOf(TaskFailedException.class);
            assertThat(t.state()).isEqualTo(Future.State.FAILED);
            return null;
        });
    }

    @Test
    void interruptingATaskThreadCancelsIt() {
        Weft.run(VIRTUAL, () -> {
            AtomicReference<Thread> thread = new AtomicReference<>();
            Task<Object> t = Weft.spawn(() -> {
                thread.set(Thread.currentThread());
                Weft.sleep(Duration.ofHours(1));
                return null;
            });
            Weft.yieldNow();
            thread.get().interrupt();
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThat(t.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void aPlainThreadCanJoinATask() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        Weft.run(VIRTUAL, () -> {
            Task<String> t = Weft.spawn(() -> {
                Weft.sleep(Duration.ofSeconds(1));
                return "done";
            });
            Thread joiner = Thread.ofPlatform().start(() -> seen.set(t.join()));
            t.join();
            Weft.toThread(() -> {
                joiner.join();
                return null;
            });
            return null;
        });
        assertThat(seen.get()).isEqualTo("done");
    }

    @Test
    void namesAreGivenOrMadeUp() {
        Weft.run(VIRTUAL, () -> {
            Task<Object> named = Weft.spawn("fetcher", () -> Weft.currentTask().name());
            Task<Object> anonymous = Weft.spawn(() -> null);
            assertThat(named.join()).isEqualTo("fetcher");
            assertThat(named.name()).isEqualTo("fetcher");
            assertThat(anonymous.name()).matches("Task-\\d+");
            assertThat(Weft.currentTask().name()).isEqualTo("main");
            return null;
        });
    }

    @Test
    void stateIsRunningUntilTheTaskEnds() {
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> {
                Weft.sleep(Duration.ofSeconds(1));
                return null;
            });
            assertThat(t.state()).isEqualTo(Future.State.RUNNING);
            assertThat(t.isDone()).isFalse();
            t.join();
            assertThat(t.isDone()).isTrue();
            return null;
        });
    }

    @Test
    void aTaskRunsOnlyOnItsLoopsCarrierThread() {
        Weft.run(() -> {
            Thread carrier = carrierOf(Thread.currentThread());
            for (int i = 0; i < 20; i++) {
                Task<Thread> t = Weft.spawn(() -> {
                    Thread.sleep(1);
                    Weft.yieldNow();
                    return carrierOf(Thread.currentThread());
                });
                assertThat(t.join()).isSameAs(carrier);
            }
            return null;
        });
    }

    /** The platform thread that carries a virtual thread right now, read from its toString. */
    private static Thread carrierOf(Thread virtual) {
        String s = virtual.toString();
        String name = s.substring(s.lastIndexOf('@') + 1);
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow();
    }
}
