package dev.weft;

import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several loops on their own carriers and plain threads sharing Weft primitives: wake-ups cross
 * threads through each loop's inbox, and the usual Java rules hold between loops.
 */
class CrossLoopTest {

    @RepeatedTest(5)
    void aLockExcludesTasksOfSeveralLoopsAndPlainThreads() throws Exception {
        Lock lock = new Lock("shared");
        long[] counter = {0};
        int perParty = 2000;
        int loops = 2;
        int tasksPerLoop = 4;
        int threads = 2;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> parties = new ArrayList<>();
        for (int l = 0; l < loops; l++) {
            parties.add(Thread.ofPlatform().name("loop-" + l).start(() -> Weft.run(() -> {
                start.await();
                List<Task<Object>> tasks = new ArrayList<>();
                for (int t = 0; t < tasksPerLoop; t++) {
                    tasks.add(Weft.spawn(() -> {
                        for (int i = 0; i < perParty; i++) {
                            lock.acquire();
                            try {
                                long read = counter[0];
                                if (i % 7 == 0) {
                                    Weft.yieldNow();
                                }
                                counter[0] = read + 1;
                            } finally {
                                lock.release();
                            }
                        }
                        return null;
                    }));
                }
                for (Task<Object> t : tasks) {
                    t.join();
                }
                return null;
            })));
        }
        for (int t = 0; t < threads; t++) {
            parties.add(Thread.ofPlatform().name("thread-" + t).start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perParty; i++) {
                    try (Lock.Held held = lock.hold()) {
                        counter[0]++;
                    }
                }
            }));
        }
        start.countDown();
        for (Thread p : parties) {
            p.join();
        }
        assertThat(counter[0]).isEqualTo((long) perParty * (loops * tasksPerLoop + threads));
        assertThat(lock.isLocked()).isFalse();
    }

    @RepeatedTest(5)
    void aQueueCarriesEveryItemOnceBetweenLoopsAndThreads() throws Exception {
        Queue<Integer> queue = new Queue<>("pipe", 16);
        int producers = 3;
        int perProducer = 5000;
        BitSet seen = new BitSet();
        int[] duplicates = {0};
        List<Thread> all = new ArrayList<>();
        // Two consumer loops, each with two consumer tasks.
        for (int l = 0; l < 2; l++) {
            all.add(Thread.ofPlatform().start(() -> Weft.run(() -> {
                List<Task<Object>> consumers = new ArrayList<>();
                for (int c = 0; c < 2; c++) {
                    consumers.add(Weft.spawn(() -> {
                        for (int item : queue) {
                            synchronized (seen) {
                                if (seen.get(item)) {
                                    duplicates[0]++;
                                }
                                seen.set(item);
                            }
                        }
                        return null;
                    }));
                }
                for (Task<Object> c : consumers) {
                    c.join();
                }
                return null;
            })));
        }
        // One producer loop and two producer threads.
        CountDownLatch produced = new CountDownLatch(producers);
        all.add(Thread.ofPlatform().start(() -> Weft.run(() -> {
            for (int i = 0; i < perProducer; i++) {
                queue.put(i);
            }
            produced.countDown();
            return null;
        })));
        for (int p = 1; p < producers; p++) {
            int base = p * perProducer;
            all.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    queue.put(base + i);
                }
                produced.countDown();
            }));
        }
        produced.await();
        queue.close();
        for (Thread t : all) {
            t.join();
        }
        assertThat(duplicates[0]).isZero();
        assertThat(seen.cardinality()).isEqualTo(producers * perProducer);
    }
}
