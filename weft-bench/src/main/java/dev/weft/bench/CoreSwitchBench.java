package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one task switch: a task gives up the loop and the next ready one runs.
 * Scores are nanoseconds per switch (per one-way hand-off for the ping-pong).
 *
 * <ul>
 *   <li>{@link #weftYield}: {@value #TASKS} tasks, each calling {@code Weft.yieldNow()}
 *       {@value #ITERS} times, in one {@code Weft.run} — the shape of the peers' switch test
 *       ({@code await asyncio.sleep(0)} in N tasks).
 *   <li>{@link #weftQueuePingPong}: two tasks passing a token through two {@code Queue}s of
 *       capacity 1; every hand-off wakes the other task.
 *   <li>{@link #vtCustomYield}: the floor Weft builds on — plain virtual threads on a
 *       single-thread {@code ArrayDeque} scheduler doing {@code Thread.yield()}.
 *   <li>{@link #vtDefaultYield}: the same on the JDK's default scheduler with one carrier.
 * </ul>
 *
 * <p>Every invocation includes starting the tasks, as the peer scripts do; with
 * {@value #ITERS} switches per task that is amortised to a few percent at most.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
public class CoreSwitchBench {
    static final int TASKS = 1000;
    static final int ITERS = 1000;
    static final int SWITCHES = TASKS * ITERS;
    static final int ROUND_TRIPS = 100_000;

    private Jvm.LoopExecutor loopExecutor;
    private Thread.Builder.OfVirtual onLoopExecutor;

    @Setup
    public void setUp() {
        loopExecutor = new Jvm.LoopExecutor();
        onLoopExecutor = Jvm.virtualThreadsOn(loopExecutor);
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public int weftYield() {
        return Weft.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(TASKS);
            for (int t = 0; t < TASKS; t++) {
                tasks.add(Weft.spawn(() -> {
                    for (int i = 0; i < ITERS; i++) {
                        Weft.yieldNow();
                    }
                    return 1;
                }));
            }
            int done = 0;
            for (Task<Integer> t : tasks) {
                done += t.join();
            }
            return done;
        });
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUND_TRIPS)
    public int weftQueuePingPong() {
        return Weft.run(() -> {
            Queue<Integer> ping = new Queue<>("ping", 1);
            Queue<Integer> pong = new Queue<>("pong", 1);
            Task<Integer> echo = Weft.spawn("echo", () -> {
                int sum = 0;
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    Integer v = ping.take();
                    sum += v;
                    pong.put(v);
                }
                return sum;
            });
            Integer token = 1;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.put(token);
                token = pong.take();
            }
            return echo.join();
        });
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public long vtCustomYield() throws InterruptedException {
        return yieldOn(onLoopExecutor, loopExecutor);
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    @Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG, Jvm.ONE_CARRIER})
    public long vtDefaultYield() throws InterruptedException {
        return yieldOn(Thread.ofVirtual(), null);
    }

    private static long yieldOn(Thread.Builder.OfVirtual builder, Jvm.LoopExecutor loop)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(TASKS);
        Runnable body = () -> {
            for (int i = 0; i < ITERS; i++) {
                Thread.yield();
            }
            done.countDown();
        };
        for (int t = 0; t < TASKS; t++) {
            builder.start(body);
        }
        if (loop != null) {
            loop.runUntilEmpty();
        }
        done.await();
        return done.getCount();
    }
}
