package dev.weft.bench;

import dev.weft.pool.Pool;
import dev.weft.pool.ProcessPool;
import dev.weft.pool.ThreadPool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU-bound work over 2 cores: count the primes below {@value #LIMIT} by trial division in
 * {@value PoolMain#RANGES} ranges, sequentially ({@code sequential}), with a 2-thread pool
 * ({@code threads}) and with a 2-worker process pool ({@code processes}). Scores are milliseconds
 * per count; divide the sequential score by another for its speedup. The side-by-side with
 * CPython is {@code run-pool-peers.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
public class PoolScalingBench {
    static final long LIMIT = 3_000_000;

    @Param({"sequential", "threads", "processes"})
    public String way;

    private Pool pool;
    private List<long[]> ranges;

    @Setup(Level.Trial)
    public void open() {
        ranges = PoolMain.ranges(LIMIT);
        pool = switch (way) {
            case "threads" -> ThreadPool.open(2);
            case "processes" -> ProcessPool.open(ProcessPool.Options.workers(2).forwardStderr(false));
            default -> null;
        };
    }

    @TearDown(Level.Trial)
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Benchmark
    public long countPrimes() {
        if (pool == null) {
            long n = 0;
            for (long[] r : ranges) {
                n += PoolMain.countPrimes(r);
            }
            return n;
        }
        return PoolMain.countWith(pool, ranges);
    }
}
