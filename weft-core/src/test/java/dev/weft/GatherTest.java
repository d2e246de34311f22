package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link Weft#gather}: after CPython's test_asyncio gather tests. On the virtual clock.
 */
class GatherTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long MS = 1_000_000L;

    private static long now() {
        return Weft.loop().nanoTime();
    }

    private static String at(String what) {
        return what + " @" + now() / MS;
    }

    private static void sleepMs(long ms) {
        Weft.sleep(Duration.ofMillis(ms));
    }

    /** A body that sleeps {@code ms}, records that it finished, and returns {@code value}. */
    private static Callable<String> after(long ms, String value, Trace trace) {
        return () -> {
            sleepMs(ms);
            trace.add(at(value + " done"));
            return value;
        };
    }

    /** A body that sleeps an hour and records when its finally block runs. */
    private static Callable<String> forAnHour(String who, Trace trace) {
        return () -> {
            try {
                Weft.sleep(HOUR);
            } finally {
                trace.add(at(who + " finally"));
            }
            return who;
        };
    }

    @Test
    void resultsComeInListOrderRegardlessOfCompletionOrder() {
        Trace trace = new Trace();
        List<String> results = Weft.run(VIRTUAL, () -> {
            List<String> r = Weft.gather(List.of(after(30, "a", trace), after(10, "b", trace), after(20, "c", trace)));
            trace.add(at("gathered"));
            return r;
        });
        assertThat(results).containsExactly("a", "b", "c");
        trace.assertExactly("b done @10", "c done @20", "a done @30", "gathered @30");
    }

    @Test
    void bodiesThatNeverWaitAreGatheredToo() {
        List<Integer> results = Weft.run(VIRTUAL, () -> Weft.gather(List.<Callable<Integer>>of(() -> 1, () -> 2, () -> null)));
        assertThat(results).containsExactly(1, 2, null);
    }

    @Test
    void emptyListGathersToAnEmptyList() {
        List<Object> results = Weft.run(VIRTUAL, () -> Weft.gather(List.<Callable<Object>>of()));
        assertThat(results).isEmpty();
    }

    @Test
    void firstFailureInTimeIsThrownAsIsAndTheOthersAreCancelled() {
        Trace trace = new Trace();
        IllegalStateException late = new IllegalStateException("late, first in the list");
        IllegalArgumentException early = new IllegalArgumentException("early, second in the list");
        Throwable thrown = Weft.run(VIRTUAL, () -> {
            Throwable e = catchThrowable(() -> Weft.gather(List.<Callable<String>>of(
                    () -> {
                        try {
                            sleepMs(20);
                        } finally {
                            trace.add(at("late finally"));
                        }
                        throw late;
                    },
                    () -> {
                        sleepMs(10);
                        throw early;
                    },
                    forAnHour("sleeper", trace))));
            trace.add(at("gather threw"));
            return e;
        });
        assertThat(thrown).isSameAs(early);
        assertThat(thrown.getSuppressed()).isEmpty();
        trace.assertExactly("late finally @10", "sleeper finally @10", "gather threw @10");
    }

    @Test
    void checkedFailureArrivesWrappedInTaskFailedException() {
        IOException io = new IOException("no route");
        Throwable thrown = Weft.run(VIRTUAL, () -> catchThrowable(() -> Weft.gather(List.<Callable<String>>of(
                () -> "fine",
                () -> {
                    sleepMs(5);
                    throw io;
                }))));
        assertThat(thrown).isInstanceOf(TaskFailedException.class);
        assertThat(thrown.getCause()).isSameAs(io);
    }

    @Test
    void errorIsThrownAsIs() {
        AssertionError error = new AssertionError("broken invariant");
        Throwable thrown = Weft.run(VIRTUAL, () -> catchThrowable(() -> Weft.gather(List.<Callable<String>>of(
                () -> {
                    throw error;
                }))));
        assertThat(thrown).isSameAs(error);
    }

    @Test
    void failuresAtTheSameInstantAreSuppressedOnTheFirst() {
        RuntimeException a = new IllegalStateException("a");
        RuntimeException b = new IllegalStateException("b");
        Throwable thrown = Weft.run(VIRTUAL, () -> catchThrowable(() -> Weft.gather(List.<Callable<String>>of(
                () -> {
                    sleepMs(10);
                    throw a;
                },
                () -> {
                    sleepMs(10);
                    throw b;
                }))));
        assertThat(thrown).isSameAs(a);
        assertThat(thrown.getSuppressed()).containsExactly(b);
    }

    @Test
    void failuresThrownByGatherAreNotAlsoReportedAsUnjoined() {
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        Weft.run(VIRTUAL.withFailureHandler((what, error) -> reported.add(error)), () -> {
            assertThatThrownBy(() -> Weft.gather(List.<Callable<String>>of(
                    () -> {
                        sleepMs(1);
                        throw new IllegalStateException("a");
                    },
                    () -> {
                        sleepMs(1);
                        throw new IllegalStateException("b");
                    }))).isInstanceOf(IllegalStateException.class);
            return null;
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void sameFailureThrownByTwoBodiesIsThrownAsIs() {
        // Two bodies rethrow one instance (both join the same failed task at the same instant).
        IllegalStateException boom = new IllegalStateException("shared failure");
        Throwable thrown = Weft.run(VIRTUAL, () -> {
            Task<String> failed = Weft.spawn(() -> {
                throw boom;
            });
            return catchThrowable(() -> Weft.gather(List.<Callable<String>>of(
                    () -> {
                        sleepMs(10);
                        return failed.join();
                    },
                    () -> {
                        sleepMs(10);
                        return failed.join();
                    })));
        });
        assertThat(thrown).isSameAs(boom);
    }

    @Test
    void cancelledCallerCancelsTheBodiesAndThrowsCancellation() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Task<List<String>> caller = Weft.spawn("caller", () -> {
                try {
                    return Weft.gather(List.of(forAnHour("a", trace), forAnHour("b", trace)));
                } catch (RuntimeException e) {
                    trace.add(at("gather threw " + e.getClass().getSimpleName()));
                    throw e;
                }
            });
            sleepMs(10);
            caller.cancel();
            assertThatThrownBy(caller::join).isInstanceOf(CancellationException.class);
            assertThat(caller.state()).isEqualTo(Future.State.CANCELLED);
            return null;
        });
        trace.assertExactly("a finally @10", "b finally @10", "gather threw CancellationException @10");
    }

    @Test
    void timeoutAroundGatherCancelsTheBodiesAndTimesOut() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Throwable e = catchThrowable(() -> Weft.withTimeout(Duration.ofMillis(10),
                    () -> Weft.gather(List.of(forAnHour("a", trace), after(5, "b", trace)))));
            trace.add(at("threw " + e.getClass().getSimpleName()));
            return null;
        });
        trace.assertExactly("b done @5", "a finally @10", "threw TimedOutException @10");
    }

    @Test
    void bodyThatEndsCancelledMakesGatherThrowCancellation() {
        // asyncio: "If any awaitable is cancelled, it is treated as if it raised CancelledError".
        // Here a body joins a task that was cancelled, so the body itself ends cancelled.
        Throwable thrown = Weft.run(VIRTUAL, () -> {
            Task<String> cancelled = Weft.spawn(() -> {
                Weft.sleep(HOUR);
                return "never";
            });
            cancelled.cancel();
            return catchThrowable(() -> Weft.gather(List.<Callable<String>>of(
                    () -> "fine",
                    cancelled::join)));
        });
        assertThat(thrown).isInstanceOf(CancellationException.class);
    }

    @Test
    void gatherOutsideATaskIsRejected() {
        assertThatThrownBy(() -> Weft.gather(List.<Callable<String>>of(() -> "x")))
                .isInstanceOf(IllegalStateException.class);
    }
}
