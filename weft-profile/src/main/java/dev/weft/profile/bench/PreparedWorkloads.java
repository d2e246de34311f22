package dev.weft.profile.bench;

import dev.weft.profile.suite.Suite;
import dev.weft.profile.suite.Workload;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The suite workloads this JVM has prepared for bench jobs, each prepared once and kept until
 * {@link #closeAll}: a worker process prepares on its first job and keeps the data for the rest.
 */
public final class PreparedWorkloads {
    private static final Map<String, Workload.Prepared> PREPARED = new ConcurrentHashMap<>();

    private PreparedWorkloads() {
    }

    /**
     * The prepared workload named {@code name}, preparing it on first use.
     *
     * @throws IllegalArgumentException if the suite has no such workload
     */
    public static Workload.Prepared get(String name) {
        return PREPARED.computeIfAbsent(name, n -> {
            Workload w = Suite.find(n).orElseThrow(() -> new IllegalArgumentException(
                    "no suite workload named '" + n + "'"));
            try {
                return w.prepare();
            } catch (Exception e) {
                throw new IllegalStateException("could not prepare workload " + n + ": " + e, e);
            }
        });
    }

    /**
     * Prepares the workload named {@code name} if this JVM has not, then runs its unit over and
     * over for {@code time}, so that the JIT has compiled it before anything is timed.
     */
    public static Workload.Prepared warm(String name, Duration time) throws Exception {
        Workload.Prepared p = get(name);
        p.runFor(time);
        return p;
    }

    /** Frees every prepared workload's data; failures to close are collected into one exception. */
    public static void closeAll() {
        IllegalStateException failure = null;
        for (var e : PREPARED.entrySet()) {
            try {
                e.getValue().close();
            } catch (Exception ex) {
                if (failure == null) {
                    failure = new IllegalStateException("closing prepared workloads failed");
                }
                failure.addSuppressed(ex);
            }
        }
        PREPARED.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
