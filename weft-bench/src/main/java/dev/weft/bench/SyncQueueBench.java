package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Queue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code dev.weft.sync.Queue} throughput: {@value #ITEMS} items through one queue of
 * {@code capacity}, one producer and one consumer. Scores are nanoseconds per item.
 *
 * <ul>
 *   <li>{@link #taskToTask}: producer and consumer are tasks of the same loop. With capacity 1
 *       every item costs two switches; with a large capacity the producer fills the queue before
 *       the consumer runs, so the switch is paid once per batch.
 *   <li>{@link #threadToTask}: a platform thread produces (and blocks when the queue is full), a
 *       task consumes: every wake-up of the consumer crosses into the loop through its
 *       thread-safe inbox, every wake-up of the producer is an unpark.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
public class SyncQueueBench {
    static final int ITEMS = 100_000;
    private static final Integer ITEM = 7;

    @Param({"1", "1024"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long taskToTask() {
        return Weft.run(() -> {
            Queue<Integer> queue = new Queue<>("items", capacity);
            Task<Object> producer = Weft.spawn("producer", () -> {
                for (int i = 0; i < ITEMS; i++) {
                    queue.put(ITEM);
                }
                return null;
            });
            long sum = drain(queue);
            producer.join();
            return sum;
        });
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long threadToTask() throws InterruptedException {
        Queue<Integer> queue = new Queue<>("items", capacity);
        Thread producer = Thread.ofPlatform().name("producer").unstarted(() -> {
            for (int i = 0; i < ITEMS; i++) {
                queue.put(ITEM);
            }
        });
        long sum = Weft.run(() -> {
            producer.start();
            return drain(queue);
        });
        producer.join();
        return sum;
    }

    private static long drain(Queue<Integer> queue) {
        long sum = 0;
        for (int i = 0; i < ITEMS; i++) {
            sum += queue.take();
        }
        return sum;
    }
}
