package dev.weft.diag;

import dev.weft.diag.DeadlockReport.Edge;
import dev.weft.diag.DeadlockReport.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static dev.weft.diag.DiagTesting.COFFMAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class DeadlockReportTest {
    private static final DeadlockReport TRANSFER = DeadlockReport.ofCycle(List.of(
            new Edge("task 'ab'", List.of("account-A"), "account-B", Resource.LOCK, "task 'ba'", "Bank.move(Bank.java:10)"),
            new Edge("task 'ba'", List.of("account-B"), "account-A", Resource.LOCK, "task 'ab'", "Bank.move(Bank.java:10)")));

    @Test
    void aCycleNamesEveryPartyAndResourceAndTheFourConditionsInOrder() {
        assertThat(TRANSFER.kind()).isEqualTo(DeadlockReport.Kind.CYCLE);
        assertThat(TRANSFER.parties()).containsExactly("task 'ab'", "task 'ba'");
        assertThat(TRANSFER.resources()).containsExactly("account-B", "account-A");
        assertThat(TRANSFER.conditions().keySet()).containsExactlyElementsOf(COFFMAN);
        String text = TRANSFER.toText();
        assertThat(text).startsWith("Deadlock: 2 parties wait for each other in a cycle")
                .contains("task 'ab' holds account-A and waits for account-B (a Lock) held by task 'ba'")
                .contains("began waiting at Bank.move(Bank.java:10)")
                .contains("circular wait: task 'ab' → account-B → task 'ba' → account-A → task 'ab'")
                .contains("order the locks: take account-A, account-B in one global order");
        int at = -1;
        for (String c : COFFMAN) {
            int next = text.indexOf(c + ":");
            assertThat(next).as(c).isGreaterThan(at);
            at = next;
        }
    }

    @Test
    void theDotGraphHasPartiesAsBoxesResourcesAsEllipsesAndWaitsInRed() {
        String dot = TRANSFER.toDot();
        assertThat(dot).startsWith("digraph deadlock {")
                .contains("\"task 'ab'\" [shape=box];", "\"account-A\" [shape=ellipse];")
                .contains("\"account-A\" -> \"task 'ab'\" [label=\"held by\"];")
                .contains("\"task 'ab'\" -> \"account-B\" [label=\"waits for\", color=red];")
                .endsWith("}\n");
    }

    @Test
    void quotesInNamesAreEscapedInDot() {
        DeadlockReport r = DeadlockReport.selfDeadlock("task 'x'", "lock \"q\"");
        assertThat(r.toDot()).contains("\"lock \\\"q\\\"\"");
    }

    @Test
    void aSelfDeadlockSaysTheLockIsNotReentrant() {
        DeadlockReport r = DeadlockReport.selfDeadlock("task 'x'", "config");
        assertThat(r.kind()).isEqualTo(DeadlockReport.Kind.SELF);
        assertThat(r.toText()).startsWith("Deadlock: task 'x' waits for what it holds itself");
        assertThat(r.fixes().getFirst()).contains("not reentrant");
        assertThat(r.edges().getFirst().where()).contains("DeadlockReportTest");
    }

    @Test
    void aGlobalDeadlockOnAnEventSaysWhichConditionsDoNotHold() {
        DeadlockReport r = DeadlockReport.global(List.of(
                new Edge("task 'main'", List.of(), "task 'w'", Resource.TASK, "task 'w'", null),
                new Edge("task 'w'", List.of(), "ready", Resource.SIGNAL, null, null)));
        assertThat(r.toText()).startsWith("Deadlock: all 2 tasks of the loop sleep");
        assertThat(r.conditions().get("mutual exclusion")).contains("ready has no holder");
        assertThat(r.conditions().get("circular wait")).startsWith("does not hold").contains("ready");
        assertThat(r.fixes()).anySatisfy(f -> assertThat(f).contains("sets, puts, signals or closes"));
    }

    @Test
    void aJoinCycleIsWordedForTasks() {
        DeadlockReport r = DeadlockReport.ofCycle(List.of(
                new Edge("task 'a'", List.of(), "task 'b'", Resource.TASK, "task 'b'", null),
                new Edge("task 'b'", List.of(), "task 'a'", Resource.TASK, "task 'a'", null)));
        assertThat(r.conditions().get("mutual exclusion")).contains("only task 'b' itself can end task 'b'");
        assertThat(r.conditions().get("hold and wait")).contains("task 'a' holds its own end, which task 'b' waits for");
        assertThat(r.conditions().get("circular wait")).isEqualTo("task 'a' → task 'b' → task 'a'");
        assertThat(r.toDot()).contains("\"task 'a'\" -> \"task 'b'\" [label=\"joins\", color=red];")
                .doesNotContain("shape=ellipse");
    }

    @Test
    void theVictimAndTheJvmsOwnFindingsAreListed() {
        DeadlockReport r = TRANSFER.withVictim("task 'ba' (the youngest party)")
                .withJvmDeadlocks(List.of("thread 't1' waits for java.lang.Object@1 held by thread 't2'"));
        assertThat(r.toText()).contains("Raised in task 'ba' (the youngest party).")
                .contains("The JVM also finds these threads deadlocked", "thread 't1' waits for");
    }

    @Test
    void aReportNeedsAParty() {
        assertThatThrownBy(() -> DeadlockReport.ofCycle(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one party");
    }
}
