// pipeline — a producer feeds N workers through a bounded queue; the workers feed one
// consumer through another. put() waits while a queue is full, so the producer never
// runs ahead of the workers by more than the queue's capacity (back-pressure). close()
// ends the pipeline: once the jobs queue is closed and drained, each worker's for-loop
// ends; once every worker is done, closing the results queue ends the consumer's.
// At the end it checks that every item came out the other side exactly once.
//
//   weft example pipeline [ITEMS [WORKERS [CAPACITY]]]      (defaults: 1000 4 16)
package dev.weft.examples;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.Queue;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

public final class Pipeline {
    /** Each job stands for a call to a slow service: the worker waits, and the other workers run. */
    static final Duration WORK = Duration.ofMillis(1);

    /** What went in and what came out. */
    public record Result(int produced, List<Integer> perWorker, long consumed, long sumOfSquares,
                         long expectedSumOfSquares, Duration elapsed) {
        /** Every item was handled by exactly one worker and reached the consumer once. */
        public boolean nothingLost() {
            return consumed == produced
                    && perWorker.stream().mapToLong(Integer::longValue).sum() == produced
                    && sumOfSquares == expectedSumOfSquares;
        }

        @Override
        public String toString() {
            return String.format("""
                    produced   %d items
                    workers    %d, each handled %s
                    consumed   %d results, sum of squares %d (expected %d)
                    elapsed    %d ms
                    nothing lost: %s""",
                    produced, perWorker.size(), perWorker, consumed, sumOfSquares, expectedSumOfSquares,
                    elapsed.toMillis(), nothingLost() ? "yes" : "NO");
        }
    }

    public static Result run(int items, int workers, int capacity) {
        return run(EventLoop.Options.defaults(), items, workers, capacity);
    }

    /** Runs the pipeline on a loop with these options: on virtual time, {@code elapsed} is virtual too. */
    public static Result run(EventLoop.Options options, int items, int workers, int capacity) {
        if (items < 0 || workers < 1 || capacity < 1) {
            throw new IllegalArgumentException("need items >= 0, workers >= 1, capacity >= 1");
        }
        return Weft.run(options, () -> TaskGroup.run(group -> {
            long started = Weft.loop().nanoTime();
            Queue<Integer> jobs = new Queue<>("jobs", capacity);
            Queue<Long> results = new Queue<>("results", capacity);

            Task<Integer> producer = group.spawn("producer", () -> {
                try {
                    for (int i = 1; i <= items; i++) {
                        jobs.put(i);                  // waits while the queue is full
                    }
                } finally {
                    jobs.close();                     // no more jobs: workers drain, then stop
                }
                return items;
            });
            List<Task<Integer>> workerTasks = IntStream.rangeClosed(1, workers)
                    .mapToObj(w -> group.spawn("worker-" + w, () -> {
                        int handled = 0;
                        for (int job : jobs) {        // ends when jobs is closed and empty
                            Weft.sleep(WORK);
                            results.put((long) job * job);
                            handled++;
                        }
                        return handled;
                    }))
                    .toList();
            Task<long[]> consumer = group.spawn("consumer", () -> {
                long count = 0;
                long sum = 0;
                for (long square : results) {         // ends when results is closed and empty
                    count++;
                    sum += square;
                }
                return new long[] {count, sum};
            });

            int produced = producer.join();
            List<Integer> perWorker = workerTasks.stream().map(Task::join).toList();
            results.close();                          // every worker is done: nothing more will come
            long[] consumed = consumer.join();
            long n = items;
            return new Result(produced, perWorker, consumed[0], consumed[1], n * (n + 1) * (2 * n + 1) / 6,
                    Duration.ofNanos(Weft.loop().nanoTime() - started));
        }));
    }

    public static void main(String[] args) {
        int items = Examples.count(args, 0, "ITEMS", 1000, 0);
        int workers = Examples.count(args, 1, "WORKERS", 4, 1);
        int capacity = Examples.count(args, 2, "CAPACITY", 16, 1);
        Result result = run(items, workers, capacity);
        System.out.println(result);
        if (!result.nothingLost()) {
            throw new IllegalStateException("the pipeline lost or duplicated items");
        }
    }
}
