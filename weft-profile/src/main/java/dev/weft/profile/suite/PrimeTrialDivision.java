package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.util.concurrent.atomic.AtomicLong;

/** CPU: counts the primes in successive blocks of 2 000 numbers above a million, by trial division. */
final class PrimeTrialDivision implements Workload {
    @Override
    public String name() {
        return "prime-trial-division";
    }

    @Override
    public Bound label() {
        return Bound.CPU;
    }

    @Override
    public String shape() {
        return "counts primes by trial division (integer division, no memory)";
    }

    @Override
    public Prepared prepare() {
        AtomicLong next = new AtomicLong();
        return () -> {
            long from = 1_000_001 + 2_000 * (next.getAndIncrement() % 500);
            Sink.consume(countPrimes(from, from + 2_000));
        };
    }

    static int countPrimes(long from, long to) {
        int count = 0;
        for (long n = from | 1; n < to; n += 2) {
            boolean prime = true;
            for (long d = 3; d * d <= n; d += 2) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }
}
