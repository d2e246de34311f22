package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.diag.DeadlockReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DeadlockTest {
    private static final List<String> COFFMAN = List.of("mutual exclusion", "hold and wait", "no preemption",
            "circular wait");

    @Test
    void theNaiveVersionsDeadlockAndAreReportedWithEveryPartyAndTheFourConditions() {
        Deadlock.Result r = Deadlock.run(20);

        DeadlockReport diners = r.philosophers();
        assertThat(diners.parties()).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(String.join(" ", diners.parties())).contains("task 'philosopher-" + i + "'");
        }
        assertThat(diners.conditions().keySet()).containsExactlyElementsOf(COFFMAN);
        assertThat(diners.victim()).startsWith("task 'philosopher-4'");

        DeadlockReport transfer = r.transfer();
        assertThat(transfer.parties()).containsExactlyInAnyOrder("task 'transfer-alice-to-bob'", "task 'transfer-bob-to-alice'");
        assertThat(transfer.resources()).containsExactlyInAnyOrder("account-alice", "account-bob");
        assertThat(transfer.fixes().getFirst()).contains("account-alice before account-bob");

        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("Possible deadlock (lock order)"));
    }

    @Test
    void theFixedVersionsRunManySeedsWithoutAReport() {
        Deadlock.Result r = Deadlock.run(300);
        assertThat(r.fixedRuns()).isEqualTo(300);
        assertThat(r.fixedReports()).isEmpty();
    }

    @Test
    void mainPrintsBothReportsTheDotGraphAndTheCleanFixedRuns() throws Exception {
        String out = Stdout.capture(() -> Deadlock.main(new String[] {"10"}));
        assertThat(out).contains("== Naive dining philosophers", "Deadlock: 5 parties wait for each other in a cycle",
                "== Naive transfers", "digraph deadlock {", "Lock-order analysis warned",
                "10 seeds of philosophers and transfers: 0 reports");
        assertThat(out).contains(COFFMAN);
    }
}
