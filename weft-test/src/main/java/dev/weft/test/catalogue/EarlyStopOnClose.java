package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.sync.Queue;
import dev.weft.test.Simulation;

/**
 * A queue consumer that stops early on close: it loops while the queue is open, but items
 * put just before the close are still queued when it looks — and are never processed.
 */
public final class EarlyStopOnClose {
    private static final int ITEMS = 4;

    private EarlyStopOnClose() {
    }

    public static Bug bug() {
        return new Bug("early-stop-on-close", "a consumer that stops when the queue closes drops the items still in it",
                () -> scenario(false), () -> scenario(true));
    }

    private static void scenario(boolean fixed) {
        Queue<Integer> jobs = new Queue<>("jobs", 2);
        Task<Integer> consumer = Simulation.thread("consumer", () -> {
            int done = 0;
            if (fixed) {
                for (Integer ignored : jobs) {
                    done++;
                }
            } else {
                while (!jobs.isClosed()) {
                    jobs.take();
                    done++;
                }
            }
            return done;
        });
        Task<Object> producer = Simulation.thread("producer", () -> {
            for (int i = 1; i <= ITEMS; i++) {
                jobs.put(i);
            }
            jobs.close();
            return null;
        });
        producer.join();
        int done = consumer.join();
        Bug.check(done == ITEMS, "the consumer processed " + done + " of " + ITEMS + " jobs");
    }
}
