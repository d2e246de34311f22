package dev.weft.diag;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.weft.diag.DiagTesting.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Timeout(60)
class WatchdogTest {
    private static final EventLoop.Options REAL = EventLoop.Options.defaults();

    /** Holds the loop: a CPU loop that never waits. */
    private static void crunch(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    private static List<Diagnosis> stalls(DiagTesting.Reports reports) {
        return reports.diagnoses(Diagnosis.Kind.STALL);
    }

    private static long millisIn(String what) {
        var m = java.util.regex.Pattern.compile("for at least (\\d+) ms").matcher(what);
        assertThat(m.find()).as(what).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aTaskHoldingTheLoopIsReportedOnceWithItsStackAndHowLong() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(REAL), () -> {
            Weft.spawn("cruncher", () -> {
                crunch(Duration.ofMillis(400));
                return null;
            }).join();
            Weft.sleep(Duration.ofMillis(100));   // the watchdog speaks once the step has ended
            return null;
        });
        assertThat(stalls(reports)).hasSize(1);
        Diagnosis d = stalls(reports).getFirst();
        assertThat(d.getMessage()).startsWith("task 'cruncher' held its loop for at least").contains("stall threshold 100 ms");
        assertThat(millisIn(d.getMessage())).isBetween(250L, 10_000L);
        assertThat(Arrays.toString(d.getStackTrace())).contains("WatchdogTest.crunch").doesNotContain("Watchdog.watch");
    }

    @Test
    void twoStallsAreTwoReports() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(REAL), () -> {
            crunch(Duration.ofMillis(250));
            Weft.yieldNow();
            Weft.sleep(Duration.ofMillis(60));
            crunch(Duration.ofMillis(250));
            Weft.sleep(Duration.ofMillis(100));
            return null;
        });
        assertThat(stalls(reports)).hasSize(2);
        assertThat(stalls(reports)).allSatisfy(d -> assertThat(d.getMessage()).startsWith("task 'main'"));
    }

    @Test
    void aCallbackHoldingTheLoopIsReportedToo() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(REAL), () -> {
            Weft.loop().callSoon(() -> crunch(Duration.ofMillis(300)));
            Weft.sleep(Duration.ofMillis(100));
            Weft.sleep(Duration.ofMillis(100));
            return null;
        });
        assertThat(stalls(reports)).hasSize(1);
        assertThat(stalls(reports).getFirst().getMessage()).startsWith("a callback held its loop");
        assertThat(Arrays.toString(stalls(reports).getFirst().getStackTrace())).contains("WatchdogTest.crunch");
    }

    @Test
    void manyShortStepsAreNoStall() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(REAL.withStallThreshold(Duration.ofMillis(500))), () -> {
            for (int i = 0; i < 300; i++) {
                crunch(Duration.ofMillis(1));
                Weft.yieldNow();
            }
            return null;
        });
        assertThat(stalls(reports)).isEmpty();
    }

    @Test
    void aZeroThresholdTurnsTheWatchdogOff() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(REAL.withStallThreshold(Duration.ZERO)), () -> {
            crunch(Duration.ofMillis(300));
            Weft.sleep(Duration.ofMillis(50));
            return null;
        });
        assertThat(stalls(reports)).isEmpty();
    }

    @Test
    void aStallThatNeverEndsIsReportedWhileItLasts() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        List<String> what = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread loop = Thread.ofPlatform().start(() -> Weft.run(REAL.withStallThreshold(Duration.ofMillis(50))
                .withDiagnostics((w, e) -> {
                    what.add(w);
                    reported.countDown();
                }), () -> {
                    while (!stop.get()) {
                        Thread.onSpinWait();
                    }
                    return null;
                }));
        assertThat(reported.await(20, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        loop.join();
        assertThat(what).hasSize(1);
        assertThat(what.getFirst()).contains("and still holds it");
    }

    @Test
    void aStallIsFoundWhileHundredsOfOtherTasksRun() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(REAL), () -> {
            List<Task<Object>> crowd = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                crowd.add(Weft.spawn("crowd-" + i, () -> {
                    for (int r = 0; r < 20; r++) {
                        Weft.sleep(Duration.ofMillis(1));
                    }
                    return null;
                }));
            }
            Weft.spawn("hog", () -> {
                Weft.sleep(Duration.ofMillis(5));
                crunch(Duration.ofMillis(300));
                return null;
            });
            crowd.forEach(Task::join);
            Weft.sleep(Duration.ofMillis(400));
            return null;
        });
        assertThat(stalls(reports)).filteredOn(d -> d.getMessage().startsWith("task 'hog'")).hasSize(1);
    }

    @Test
    void aCancelledTaskThatSwallowsTheInterruptAndKeepsWaitingIsReportedWithItsStack() throws Exception {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        CountDownLatch reported = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        EventLoop.Options options = REAL.withStallThreshold(Duration.ofMillis(50)).withDiagnostics((w, e) -> {
            reports.what.add(w);
            reports.evidence.add(e);
            if (e instanceof Diagnosis d && d.kind() == Diagnosis.Kind.SWALLOWED_CANCELLATION) {
                reported.countDown();
            }
        });
        run(options, () -> {
            Task<Object> stubborn = Weft.spawn("stubborn", () -> {
                while (!stop.get()) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        // swallowed: the cancellation is lost here
                    }
                }
                return null;
            });
            Weft.sleep(Duration.ofMillis(10));
            stubborn.cancel();
            assertThat(reported.await(20, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            catchThrowable(stubborn::join);
            return null;
        });
        List<Diagnosis> found = reports.diagnoses(Diagnosis.Kind.SWALLOWED_CANCELLATION);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().getMessage()).startsWith("task 'stubborn' was cancelled");
        assertThat(Arrays.toString(found.getFirst().getStackTrace())).contains("WatchdogTest", "Thread.sleep");
    }

    @Test
    void aCancelledTaskThatUnwindsIsNotReported() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(REAL.withStallThreshold(Duration.ofMillis(20))), () -> {
            Task<Object> polite = Weft.spawn("polite", () -> {
                Thread.sleep(10_000);
                return null;
            });
            Weft.sleep(Duration.ofMillis(10));
            polite.cancel();
            catchThrowable(polite::join);
            Weft.sleep(Duration.ofMillis(100));
            return null;
        });
        assertThat(reports.diagnoses(Diagnosis.Kind.SWALLOWED_CANCELLATION)).isEmpty();
    }
}
