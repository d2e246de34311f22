package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PrimesTest {
    @Test
    void theSieveKnowsTheFirstPrimes() {
        assertThat(Primes.countPrimes(new long[] {0, 2})).isZero();
        assertThat(Primes.countPrimes(new long[] {0, 3})).isEqualTo(1);
        assertThat(Primes.countPrimes(new long[] {0, 100})).isEqualTo(25);
        assertThat(Primes.countPrimes(new long[] {90, 100})).isEqualTo(1);
        assertThat(Primes.primesUpTo(30)).containsExactly(2, 3, 5, 7, 11, 13, 17, 19, 23, 29);
    }

    @Test
    void rangesCountAsMuchAsTheWhole() {
        long whole = Primes.countPrimes(new long[] {0, 1_000_000});
        assertThat(whole).isEqualTo(78_498);
        assertThat(Primes.ranges(1_000_000).stream().mapToLong(Primes::countPrimes).sum()).isEqualTo(whole);
    }

    @Test
    void threadsAndProcessesCountWhatTheSequentialLoopCounts() {
        Primes.Result r = Primes.run(2_000_000, 2);
        assertThat(r.sequential().count()).isEqualTo(148_933);
        assertThat(r.agree()).isTrue();
        assertThat(r.toString()).contains("primes below 2,000,000: 148933, counted the same three ways",
                "sequential", "2 threads", "2 processes", "1.00x");
    }

    @Test
    void mainRefusesABadLimit() {
        assertThatThrownBy(() -> Primes.main(new String[] {"1"})).isInstanceOf(Examples.UsageException.class)
                .hasMessageContaining("LIMIT must be at least 2");
    }
}
