package dev.weft.diag;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Condition;
import dev.weft.sync.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.weft.diag.DiagTesting.run;
import static dev.weft.diag.DiagTesting.virtual;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class LockOrderTest {

    private static void nested(Lock outer, Lock inner) {
        try (var a = outer.hold(); var b = inner.hold()) {
            Weft.yieldNow();
        }
    }

    private static List<Diagnosis> lockOrder(DiagTesting.Reports reports) {
        return reports.diagnoses(Diagnosis.Kind.LOCK_ORDER);
    }

    @Test
    void anInversionIsReportedWithBothStacksEvenWhenTheTimingAvoidedTheDeadlock() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(0)), () -> {
            Lock a = new Lock("account-A");
            Lock b = new Lock("account-B");
            Weft.spawn("early", () -> { nested(a, b); return null; }).join();
            Weft.spawn("late", () -> { nested(b, a); return null; }).join();   // never at the same time
            return null;
        });
        assertThat(reports.deadlocks()).as("no deadlock happened").isEmpty();
        assertThat(lockOrder(reports)).hasSize(1);
        Diagnosis d = lockOrder(reports).getFirst();
        assertThat(d.getMessage()).contains("task 'late' takes account-A while holding account-B")
                .contains("task 'early' took them the other way round")
                .contains("account-A before account-B");
        assertThat(frames(d)).contains("LockOrderTest.nested");
        assertThat(d.getSuppressed()).hasSize(1);
        assertThat(d.getSuppressed()[0].getMessage()).contains("task 'early' took account-B while holding account-A");
        assertThat(frames(d.getSuppressed()[0])).contains("LockOrderTest.nested");
    }

    private static String frames(Throwable t) {
        return Arrays.toString(t.getStackTrace());
    }

    @Test
    void eachInversionIsReportedOnce() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(0)), () -> {
            Lock a = new Lock("A");
            Lock b = new Lock("B");
            for (int i = 0; i < 10; i++) {
                nested(a, b);
                nested(b, a);
            }
            return null;
        });
        assertThat(lockOrder(reports)).hasSize(1);
    }

    @Test
    void aLongerCircleOfOrdersIsReportedWhenItCloses() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(0)), () -> {
            Lock[] forks = new Lock[5];
            for (int i = 0; i < 5; i++) {
                forks[i] = new Lock("fork-" + i);
            }
            for (int i = 0; i < 5; i++) {
                int me = i;
                Weft.spawn("philosopher-" + i, () -> {
                    nested(forks[me], forks[(me + 1) % 5]);
                    return null;
                }).join();
                if (i < 4) {
                    assertThat(lockOrder(reports)).isEmpty();
                }
            }
            return null;
        });
        assertThat(lockOrder(reports)).hasSize(1);
        Diagnosis d = lockOrder(reports).getFirst();
        assertThat(d.getMessage()).contains("task 'philosopher-4' takes fork-0 while holding fork-4")
                .contains("fork-0 → fork-1 → fork-2 → fork-3 → fork-4");
        assertThat(d.getSuppressed()).hasSize(4);
    }

    @Test
    void aFixedOrderNeverReportsUnderAnySeed() {
        for (long seed = 0; seed < 500; seed++) {
            DiagTesting.Reports reports = new DiagTesting.Reports();
            run(reports.on(virtual(seed)), () -> {
                Lock[] locks = {new Lock("L0"), new Lock("L1"), new Lock("L2")};
                List<Task<Object>> all = List.of(
                        Weft.spawn(() -> { nested(locks[0], locks[1]); return null; }),
                        Weft.spawn(() -> { nested(locks[1], locks[2]); return null; }),
                        Weft.spawn(() -> { nested(locks[0], locks[2]); return null; }));
                all.forEach(Task::join);
                return null;
            });
            assertThat(lockOrder(reports)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void timedAndTryAcquiresAreNotOrderedSinceTheyCannotDeadlock() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(0)), () -> {
            Lock a = new Lock("A");
            Lock b = new Lock("B");
            nested(a, b);
            try (var x = b.hold()) {
                assertThat(a.tryAcquire(Duration.ofMillis(1))).isTrue();
                a.release();
                assertThat(a.tryAcquire()).isTrue();
                a.release();
            }
            return null;
        });
        assertThat(lockOrder(reports)).isEmpty();
    }

    @Test
    void reacquiringAConditionsLockWhileHoldingAnotherCountsAsTakingItAfter() {
        DiagTesting.Reports reports = new DiagTesting.Reports();
        run(reports.on(virtual(0)), () -> {
            Lock outer = new Lock("outer");
            Lock inner = new Lock("inner");
            Condition changed = new Condition("changed", outer);
            nested(outer, inner);
            Task<Object> waiter = Weft.spawn("waiter", () -> {
                try (var o = outer.hold(); var i = inner.hold()) {
                    changed.await(Duration.ofMillis(1));   // gives outer up, takes it back holding inner
                }
                return null;
            });
            waiter.join();
            return null;
        });
        assertThat(lockOrder(reports)).hasSize(1);
        assertThat(lockOrder(reports).getFirst().getMessage()).contains("takes outer while holding inner");
    }

    @Test
    void whatATaskHoldsIsKnownToReportsWhileItHoldsIt() {
        run(virtual(0), () -> {
            Lock a = new Lock("A");
            Lock b = new Lock("B");
            try (var x = a.hold(); var y = b.hold()) {
                assertThat(Tracked.heldBy(Thread.currentThread())).containsExactly("A", "B");
            }
            assertThat(Tracked.heldBy(Thread.currentThread())).isEmpty();
            return null;
        });
    }
}
