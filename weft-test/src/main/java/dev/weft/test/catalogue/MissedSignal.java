package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.sync.Condition;
import dev.weft.sync.Lock;
import dev.weft.test.Simulation;

/**
 * A missed signal on a {@link Condition}: the consumer checks the flag before it takes the
 * lock, and waits without re-checking. If the producer sets the flag and signals in between,
 * the signal finds no waiter and the consumer waits forever.
 */
public final class MissedSignal {
    private MissedSignal() {
    }

    public static Bug bug() {
        return new Bug("missed-signal", "a condition checked outside its lock misses the signal and waits forever",
                () -> scenario(false), () -> scenario(true));
    }

    private static void scenario(boolean fixed) {
        boolean[] ready = {false};
        Lock lock = new Lock("mailbox");
        Condition arrived = new Condition("arrived", lock);
        Task<Object> consumer = Simulation.thread("consumer", () -> {
            if (fixed) {
                try (Lock.Held held = lock.hold()) {
                    arrived.awaitUntil(() -> ready[0]);
                }
            } else if (!ready[0]) {
                try (Lock.Held held = lock.hold()) {
                    arrived.await();
                }
            }
            return null;
        });
        Task<Object> producer = Simulation.thread("producer", () -> {
            try (Lock.Held held = lock.hold()) {
                ready[0] = true;
                arrived.signal();
            }
            return null;
        });
        producer.join();
        consumer.join();
    }
}
