package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Event;
import java.util.concurrent.Callable;
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
 * What a task costs to start and finish. Scores are nanoseconds per task.
 *
 * <ul>
 *   <li>{@link #spawnJoinEmpty}: the root task spawns a task with an empty body and joins it,
 *       {@value #JOINS} times in one {@code Weft.run}: creation, first run, completion and the
 *       wake-up of the joiner, one task at a time (everything stays in cache).
 *   <li>{@link #spawnWaitOnEvent}: {@value #WAITERS} tasks are spawned and each waits on one
 *       {@code Event}; when all wait, the root sets it and joins them all: the life of a task that
 *       parks once, at a scale where the tasks no longer fit in cache. The memory side of the same
 *       test (bytes per waiting task, a million of them) is {@code SpawnMain}, which reads RSS.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
public class CoreSpawnBench {
    static final int JOINS = 10_000;
    static final int WAITERS = 100_000;

    private static final Callable<Object> EMPTY = () -> null;

    @Benchmark
    @OperationsPerInvocation(JOINS)
    public int spawnJoinEmpty() {
        return Weft.run(() -> {
            int n = 0;
            for (int i = 0; i < JOINS; i++) {
                if (Weft.spawn(EMPTY).join() == null) {
                    n++;
                }
            }
            return n;
        });
    }

    @Benchmark
    @OperationsPerInvocation(WAITERS)
    public int spawnWaitOnEvent() {
        return Weft.run(() -> {
            Event go = new Event("go");
            int[] waiting = {0}; // tasks of one loop share plain fields between waiting points
            Callable<Object> waiter = () -> {
                waiting[0]++;
                go.await();
                return null;
            };
            @SuppressWarnings("unchecked")
            Task<Object>[] tasks = new Task[WAITERS];
            for (int i = 0; i < WAITERS; i++) {
                tasks[i] = Weft.spawn(waiter);
            }
            while (waiting[0] < WAITERS) {
                Weft.yieldNow();
            }
            go.set();
            for (Task<Object> t : tasks) {
                t.join();
            }
            return waiting[0];
        });
    }
}
