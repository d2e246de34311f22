package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.util.concurrent.atomic.AtomicLong;

/** CPU: sieves successive 16 KiB segments above a billion with the primes below 32 000: all of it within L1. */
final class SegmentedSieve implements Workload {
    static final int SEGMENT = 16 << 10;

    @Override
    public String name() {
        return "segmented-sieve";
    }

    @Override
    public Bound label() {
        return Bound.CPU;
    }

    @Override
    public String shape() {
        return "sieve of Eratosthenes over 16 KiB segments (fits L1)";
    }

    @Override
    public Prepared prepare() {
        int[] small = smallPrimes(32_000);
        AtomicLong next = new AtomicLong();
        ThreadLocal<boolean[]> segments = ThreadLocal.withInitial(() -> new boolean[SEGMENT]);
        return () -> {
            long lo = 1_000_000_000L + (long) SEGMENT * (next.getAndIncrement() % 4096);
            boolean[] composite = segments.get();
            int count = 0;
            for (int round = 0; round < 4; round++) {
                java.util.Arrays.fill(composite, false);
                for (int p : small) {
                    long start = Math.max((long) p * p, (lo + p - 1) / p * p);
                    for (long m = start; m < lo + SEGMENT; m += p) {
                        composite[(int) (m - lo)] = true;
                    }
                }
                for (boolean c : composite) {
                    count += c ? 0 : 1;
                }
            }
            Sink.consume(count);
        };
    }

    static int[] smallPrimes(int below) {
        boolean[] composite = new boolean[below];
        int[] primes = new int[below];
        int n = 0;
        for (int i = 2; i < below; i++) {
            if (!composite[i]) {
                primes[n++] = i;
                for (long m = (long) i * i; m < below; m += i) {
                    composite[(int) m] = true;
                }
            }
        }
        return java.util.Arrays.copyOf(primes, n);
    }
}
