package dev.weft.sync;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Default names for unnamed primitives, {@code Lock-1}, {@code Queue-3}…, for reports. */
final class Names {
    private static final ConcurrentHashMap<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();

    private Names() {
    }

    static String orDefault(String name, String kind) {
        if (name != null) {
            return name;
        }
        return kind + "-" + COUNTERS.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    static long nanos(java.time.Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
