package dev.weft.bench;

import dev.weft.Task;
import dev.weft.pool.Pool;
import dev.weft.pool.ProcessPool;
import dev.weft.pool.ThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A tiny job's trip through a 2-wide {@code pool} ({@code thread} or {@code process}): the job
 * returns the number it captured. Scores are microseconds per job.
 *
 * <ul>
 *   <li>{@link #oneAtATime}: {@code submit(...).join()}, one job in flight: the latency of a round
 *       trip (serialize, pipe, worker, pipe, deserialize, wake the caller, for a process pool).
 *   <li>{@link #batch}: {@value #BATCH} jobs submitted, then all joined: the cost per job when the
 *       pool is kept busy.
 *   <li>{@link #map}: {@code map} of {@value #BATCH} items, one item per chunk.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
public class PoolRoundTripBench {
    static final int BATCH = 1000;

    @Param({"thread", "process"})
    public String pool;

    private Pool open;
    private List<Integer> items;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        open = pool.equals("thread") ? ThreadPool.open(2)
                : ProcessPool.open(ProcessPool.Options.workers(2).forwardStderr(false));
        items = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            items.add(i);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        open.close();
    }

    @Benchmark
    public int oneAtATime() {
        int x = next++;
        return open.submit(() -> x).join();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batch() {
        List<Task<Integer>> all = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            int x = i;
            all.add(open.submit(() -> x));
        }
        long sum = 0;
        for (Task<Integer> t : all) {
            sum += t.join();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int map() {
        return open.map(x -> x + 1, items, 1).size();
    }
}
