package dev.weft;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Timeouts as cancel scopes, in the spirit of Trio's cancel-scope tests and asyncio.timeout's. */
class TimeoutTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();

    private static long nowMillis() {
        return Weft.loop().nanoTime() / 1_000_000;
    }

    @Test
    void aBodyThatFinishesInTimeReturnsItsValue() {
        int v = Weft.run(VIRTUAL, () -> Weft.withTimeout(Duration.ofSeconds(2), () -> {
            Weft.sleep(Duration.ofSeconds(1));
            return 7;
        }));
        assertThat(v).isEqualTo(7);
    }

    @Test
    void aBodyStillWaitingAtTheDeadlineTimesOutExactlyThen() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            assertThatThrownBy(() -> Weft.withTimeout(Duration.ofMillis(1500), () -> {
                try {
                    Weft.sleep(Duration.ofHours(1));
                } finally {
                    trace.add("finally at " + nowMillis());
                }
                return null;
            })).isInstanceOf(TimedOutException.class).hasCauseInstanceOf(CancellationException.class);
            trace.add("after at " + nowMillis());
            return null;
        });
        trace.assertExactly("finally at 1500", "after at 1500");
    }

    @Test
    void theTaskGoesOnNormallyAfterItsTimeoutFired() {
        Weft.run(VIRTUAL, () -> {
            assertThatThrownBy(() -> Weft.withTimeout(Duration.ofSeconds(1), () -> {
                Weft.sleep(Duration.ofSeconds(5));
                return null;
            })).isInstanceOf(TimedOutException.class);
            Weft.sleep(Duration.ofSeconds(1));
            assertThat(nowMillis()).isEqualTo(2000);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            return null;
        });
    }

    @Test
    void anInnerTimeoutFiringFirstIsCaughtByTheInnerScope() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> Weft.withTimeout(Duration.ofSeconds(10), () -> {
            try {
                Weft.withTimeout(Duration.ofSeconds(1), () -> {
                    Weft.sleep(Duration.ofSeconds(5));
                    return null;
                });
            } catch (TimedOutException e) {
                trace.add("inner timed out at " + nowMillis());
            }
            Weft.sleep(Duration.ofSeconds(2));
            trace.add("outer body done at " + nowMillis());
            return null;
        }));
        trace.assertExactly("inner timed out at 1000", "outer body done at 3000");
    }

    @Test
    void anOuterTimeoutFiringFirstPassesThroughTheInnerScope() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            try {
                Weft.withTimeout(Duration.ofSeconds(1), () -> {
                    try {
                        return Weft.withTimeout(Duration.ofSeconds(10), () -> {
                            Weft.sleep(Duration.ofSeconds(5));
                            return null;
                        });
                    } catch (TimedOutException e) {
                        trace.add("inner must not catch the outer's timeout");
                        throw e;
                    }
                });
            } catch (TimedOutException e) {
                trace.add("outer timed out at " + nowMillis() + " after " + e.timeout().toMillis());
            }
            return null;
        });
        trace.assertExactly("outer timed out at 1000 after 1000");
    }

    @Test
    void bothScopesExpiringTogetherAreReportedByTheOuterOne() {
        Weft.run(VIRTUAL, () -> {
            assertThatThrownBy(() -> Weft.withTimeout(Duration.ofSeconds(1), () ->
                    Weft.withTimeout(Duration.ofSeconds(1), () -> {
                        Weft.sleep(Duration.ofSeconds(5));
                        return null;
                    }))).isInstanceOf(TimedOutException.class)
                    .satisfies(e -> assertThat(e.getCause()).isNotInstanceOf(TimedOutException.class));
            return null;
        });
    }

    @Test
    void cancellingTheTaskInsideATimeoutIsACancellationNotATimeout() {
        Weft.run(VIRTUAL, () -> {
            Task<Object> t = Weft.spawn(() -> Weft.withTimeout(Duration.ofSeconds(10), () -> {
                Weft.sleep(Duration.ofSeconds(5));
                return null;
            }));
            Weft.sleep(Duration.ofSeconds(1));
            t.cancel();
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThat(t.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void aTimeoutInterruptsAJdkBlockingCall() {
        Weft.run(() -> {
            assertThatThrownBy(() -> Weft.withTimeout(Duration.ofMillis(20), () -> {
                Thread.sleep(Duration.ofMinutes(10));
                return null;
            })).isInstanceOf(TimedOutException.class).hasCauseInstanceOf(InterruptedException.class);
            return null;
        });
    }

    @Test
    void aBodyThatSwallowsItsCancellationReturnsItsValue() {
        String v = Weft.run(VIRTUAL, () -> Weft.withTimeout(Duration.ofSeconds(1), () -> {
            try {
                Weft.sleep(Duration.ofSeconds(5));
            } catch (CancellationException e) {
                return "swallowed";
            }
            return "slept";
        }));
        assertThat(v).isEqualTo("swallowed");
    }

    @Test
    void aZeroTimeoutCancelsTheFirstWait() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            assertThatThrownBy(() -> Weft.withTimeout(Duration.ZERO, () -> {
                trace.add("body starts");
                Weft.yieldNow();
                trace.add("never");
                return null;
            })).isInstanceOf(TimedOutException.class);
            return null;
        });
        trace.assertExactly("body starts");
    }

    @Test
    void aFailureInTheBodyPassesThroughUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        Weft.run(VIRTUAL, () -> {
            assertThatThrownBy(() -> Weft.withTimeout(Duration.ofSeconds(1), () -> {
                throw boom;
            })).isSameAs(boom);
            return null;
        });
    }

    @Test
    void aTimeoutThatDidNotFireLeavesNoTimerBehind() {
        Weft.run(VIRTUAL, () -> {
            for (int i = 0; i < 1000; i++) {
                Weft.withTimeout(Duration.ofHours(1), () -> null);
            }
            assertThat(Weft.loop().timerCount()).isZero();
            return null;
        });
    }

    @Test
    void withTimeoutOutsideATaskIsAnError() {
        assertThatThrownBy(() -> Weft.withTimeout(Duration.ofSeconds(1), () -> null))
                .isInstanceOf(IllegalStateException.class);
    }
}
