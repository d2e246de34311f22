package dev.weft.test;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How a {@link SimNetwork} behaves — latency range, reordering, loss, segment and buffer
 * sizes — and the random draws that follow from it: when each segment arrives and what it
 * does to its connection.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. The random stream is the
 * network's own, seeded by the run's schedule, so network draws and scheduling choices never
 * shift each other. A latency is drawn only when the range is wider than a microsecond, a
 * loss only when its probability is above zero, so a setting left alone draws nothing.
 * Without reordering, arrivals are strictly increasing over the whole network.
 */
final class SimConditions {
    private final SplittableRandom random;
    private long minLatency = Duration.ofMillis(1).toNanos();
    private long maxLatency = Duration.ofMillis(5).toNanos();
    private boolean reorder = true;
    private double resets;
    private double drops;
    private int segmentSize = 1460;
    private int bufferSize = 256 * 1024;
    private long lastArrival;

    SimConditions(long seed) {
        this.random = new SplittableRandom(seed ^ 0x6E65_7477_6F72_6BL);
    }

    void latency(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max, got " + min + " and " + max);
        }
        minLatency = min.toNanos();
        maxLatency = max.toNanos();
    }

    void reorder(boolean on) {
        reorder = on;
    }

    void resets(double p) {
        resets = probability(p, "resets");
    }

    void drops(double p) {
        drops = probability(p, "drops");
    }

    void segmentSize(int bytes) {
        segmentSize = atLeastOne(bytes, "segmentSize");
    }

    void bufferSize(int bytes) {
        bufferSize = atLeastOne(bytes, "bufferSize");
    }

    private static double probability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be a probability between 0 and 1, got " + p);
        }
        return p;
    }

    private static int atLeastOne(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + n);
        }
        return n;
    }

    /** When a segment sent at {@code now}, on a pipe whose last segment arrives at {@code after}, arrives. */
    long arrival(long now, long after) {
        long spread = (maxLatency - minLatency) / 1000;
        long latency = minLatency + (spread > 0 ? random.nextLong(spread + 1) * 1000 : 0);
        long at = Math.max(after, now + latency);
        if (!reorder) {
            at = Math.max(at, lastArrival + 1);
            lastArrival = at;
        }
        return at;
    }

    /** What a segment sent now will do to its connection. */
    SimPipe.Fate fate() {
        if (resets > 0 && random.nextDouble() < resets) {
            return SimPipe.Fate.RESET;
        }
        if (drops > 0 && random.nextDouble() < drops) {
            return SimPipe.Fate.DROP;
        }
        return SimPipe.Fate.ARRIVE;
    }

    int segmentSize() {
        return segmentSize;
    }

    int bufferSize() {
        return bufferSize;
    }

    @Override
    public String toString() {
        return "latency " + TraceLog.time(minLatency) + "-" + TraceLog.time(maxLatency)
                + (reorder ? ", reordering" : "") + (resets > 0 ? ", resets " + resets : "")
                + (drops > 0 ? ", drops " + drops : "");
    }
}
