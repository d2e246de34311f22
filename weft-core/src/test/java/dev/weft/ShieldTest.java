package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link Weft#shield}: after CPython's test_asyncio shield tests. On the virtual clock.
 */
class ShieldTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();
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

    @Test
    void callerThatStaysGetsTheBodysValue() {
        String value = Weft.run(VIRTUAL, () -> {
            String v = Weft.shield(() -> {
                sleepMs(10);
                return "shielded";
            });
            assertThat(now()).isEqualTo(10 * MS);
            return v;
        });
        assertThat(value).isEqualTo("shielded");
    }

    @Test
    void cancelledCallerSeesCancellationAtOnceWhileTheBodyRunsOn() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Promise<Long> bodyDone = new Promise<>("body done");
            Task<String> caller = Weft.spawn("caller", () -> {
                try {
                    return Weft.shield(() -> {
                        sleepMs(10);
                        trace.add(at("body done"));
                        bodyDone.complete(now());
                        return "shielded";
                    });
                } catch (CancellationException e) {
                    trace.add(at("caller cancelled"));
                    throw e;
                }
            });
            Weft.yieldNow(); // the caller enters shield and waits
            caller.cancel();
            assertThatThrownBy(caller::join).isInstanceOf(CancellationException.class);
            assertThat(caller.state()).isEqualTo(Future.State.CANCELLED);
            assertThat(now()).isZero();
            assertThat(bodyDone.isDone()).isFalse();

            assertThat(bodyDone.join()).isEqualTo(10 * MS);
            return null;
        });
        trace.assertExactly("caller cancelled @0", "body done @10");
    }

    @Test
    void timeoutAroundShieldFiresAtTheDeadlineWhileTheBodyRunsOn() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Promise<String> bodyDone = new Promise<>();
            Throwable e = catchThrowable(() -> Weft.withTimeout(Duration.ofMillis(5), () -> Weft.shield(() -> {
                sleepMs(20);
                trace.add(at("body done"));
                return bodyDone.complete("done");
            })));
            trace.add(at("caller timed out"));
            assertThat(e).isInstanceOf(TimedOutException.class);
            bodyDone.join();
            return null;
        });
        trace.assertExactly("caller timed out @5", "body done @20");
    }

    @Test
    void failureOfAShieldedBodyWhoseCallerLeftIsReportedAtLoopClose() {
        Trace trace = new Trace();
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException boom = new IllegalStateException("shielded body failed");
        EventLoop.Options options = VIRTUAL.withFailureHandler((what, error) -> {
            trace.add("handler: " + what);
            reported.add(error);
        });
        Weft.run(options, () -> {
            Task<Object> caller = Weft.spawn("caller", () -> Weft.shield(() -> {
                sleepMs(10);
                trace.add(at("body fails"));
                throw boom;
            }));
            Weft.yieldNow();
            caller.cancel();
            assertThatThrownBy(caller::join).isInstanceOf(CancellationException.class);
            sleepMs(20);
            trace.add(at("main ends"));
            return null;
        });
        assertThat(reported).singleElement().isSameAs(boom);
        assertThat(trace.events()).hasSize(3);
        assertThat(trace.events().subList(0, 2)).containsExactly("body fails @10", "main ends @20");
        assertThat(trace.events().get(2)).startsWith("handler: ").contains("nobody joined");
    }

    @Test
    void failureOfAShieldedBodyGoesToTheCallerThatStayedAndIsNotReportedAgain() {
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable thrown = Weft.run(VIRTUAL.withFailureHandler((what, error) -> reported.add(error)),
                () -> catchThrowable(() -> Weft.shield(() -> {
                    sleepMs(10);
                    throw boom;
                })));
        assertThat(thrown).isSameAs(boom);
        assertThat(reported).isEmpty();
    }

    @Test
    void checkedFailureOfAShieldedBodyArrivesWrappedInTaskFailedException() {
        IOException io = new IOException("io");
        Throwable thrown = Weft.run(VIRTUAL, () -> catchThrowable(() -> Weft.shield(() -> {
            throw io;
        })));
        assertThat(thrown).isInstanceOf(TaskFailedException.class);
        assertThat(thrown.getCause()).isSameAs(io);
    }

    @Test
    void shieldOutsideATaskIsRejected() {
        assertThatThrownBy(() -> Weft.shield(() -> "x")).isInstanceOf(IllegalStateException.class);
    }
}
