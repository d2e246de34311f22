package dev.weft.bench;

import dev.weft.Weft;
import dev.weft.sync.Lock;
import dev.weft.sync.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What diagnostics cost an uncontended acquire: the same primitive with tracking on (the
 * default: who holds which lock, the lock order, the wait-for graph) and off
 * ({@code -Dweft.diagnostics=off}, which the JIT folds away). Each pair differs only in that
 * flag; scores are nanoseconds per acquire-and-release, {@value #OPS} per invocation.
 *
 * <ul>
 *   <li>{@code lockInTask}: a task takes and releases a {@code Lock} nobody else wants.
 *   <li>{@code nestedLockInTask}: the same while holding another lock — the lock-order check
 *       then looks the pair up (known after the first time).
 *   <li>{@code lockOnThread}: a plain thread, no loop.
 *   <li>{@code semaphoreHoldInTask}: {@code Semaphore.hold()} and close, which records the holder.
 *   <li>{@code contendedLockInTask}: two tasks take turns on one lock, yielding while they hold
 *       it, so every acquire waits and the wait-for graph looks at the holder each time
 *       ({@value #TURNS} turns per invocation; the score is per turn, switch included).
 * </ul>
 * An uncontended acquire never waits, so the wait-for graph itself is consulted only by the
 * contended pair, where its look sits next to a park, an unpark and a task switch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DiagTrackingBench {
    static final int OPS = 1_000_000;
    static final int TURNS = 100_000;
    static final String OFF = "-Dweft.diagnostics=off";

    private final Lock lock = new Lock("bench");
    private final Lock outer = new Lock("outer");
    private final Semaphore semaphore = new Semaphore("bench", 4);

    @Benchmark
    @OperationsPerInvocation(OPS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
    public long lockInTaskTracked() {
        return Weft.run(this::locks);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG, OFF})
    public long lockInTaskOff() {
        return Weft.run(this::locks);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
    public long nestedLockInTaskTracked() {
        return Weft.run(this::nested);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG, OFF})
    public long nestedLockInTaskOff() {
        return Weft.run(this::nested);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
    public long lockOnThreadTracked() {
        return locks();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG, OFF})
    public long lockOnThreadOff() {
        return locks();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
    public long semaphoreHoldInTaskTracked() {
        return Weft.run(this::permits);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG, OFF})
    public long semaphoreHoldInTaskOff() {
        return Weft.run(this::permits);
    }

    @Benchmark
    @OperationsPerInvocation(TURNS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
    public long contendedLockInTaskTracked() {
        return Weft.run(this::turns);
    }

    @Benchmark
    @OperationsPerInvocation(TURNS)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG, OFF})
    public long contendedLockInTaskOff() {
        return Weft.run(this::turns);
    }

    private long turns() {
        var other = Weft.spawn(() -> turnsOf(TURNS / 2));
        return turnsOf(TURNS / 2) + other.join();
    }

    private long turnsOf(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            lock.acquire();
            try {
                Weft.yieldNow();
                sum += i;
            } finally {
                lock.release();
            }
        }
        return sum;
    }

    private long locks() {
        long n = 0;
        for (int i = 0; i < OPS; i++) {
            lock.acquire();
            n += i;
            lock.release();
        }
        return n;
    }

    private long nested() {
        outer.acquire();
        try {
            return locks();
        } finally {
            outer.release();
        }
    }

    private long permits() {
        long n = 0;
        for (int i = 0; i < OPS; i++) {
            try (var p = semaphore.hold()) {
                n += i;
            }
        }
        return n;
    }
}
