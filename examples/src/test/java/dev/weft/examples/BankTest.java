package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BankTest {
    @Test
    void lockedTransfersConserveTheTotal() {
        Bank.Result result = Bank.run(42, true);

        assertThat(result.totalBefore()).isEqualTo(10_000);
        assertThat(result.totalAfter()).isEqualTo(10_000);
        assertThat(result.conserved()).isTrue();
        assertThat(result.noOverdraft()).isTrue();
        assertThat(result.completed() + result.declined()).isEqualTo(2_000);
        assertThat(result.completed()).isPositive();
    }

    @Test
    void withoutLocksInterleavedTransfersBreakTheBooks() {
        Bank.Result result = Bank.run(42, false);

        assertThat(result.conserved()).isFalse();
    }

    @Test
    void theSameSeedGivesTheSameBalances() {
        assertThat(Bank.run(9, true).balances()).isEqualTo(Bank.run(9, true).balances());
    }

    @Test
    void mainPrintsTheConservedTotal() throws Exception {
        String out = Stdout.capture(() -> Bank.main(new String[0]));

        assertThat(out).contains("total      10000 before, 10000 after: conserved");
    }
}
