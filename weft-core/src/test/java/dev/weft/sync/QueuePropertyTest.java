package dev.weft.sync;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queues checked against a model under random operations and random schedules: whatever the
 * interleaving, every item put is taken exactly once, and one producer's items leave in the
 * order it put them.
 */
class QueuePropertyTest {

    /** One offer/poll script against the plain {@link ArrayDeque} model, on one task. */
    @Property(tries = 200)
    void offerAndPollAgreeWithABoundedDeque(@ForAll("ops") List<Integer> ops,
                                            @ForAll @IntRange(min = 1, max = 8) int capacity) {
        Weft.run(EventLoop.Options.defaults().withVirtualTime(), () -> {
            Queue<Integer> q = new Queue<>("q", capacity);
            ArrayDeque<Integer> model = new ArrayDeque<>();
            for (int op : ops) {
                if (op >= 0) {
                    boolean modelTook = model.size() < capacity && model.add(op);
                    assertThat(q.offer(op)).isEqualTo(modelTook);
                } else {
                    assertThat(q.poll()).isEqualTo(model.poll());
                }
                assertThat(q.size()).isEqualTo(model.size());
            }
            return null;
        });
    }

    /** Producers and consumers under a seeded schedule: nothing lost, nothing doubled, per-producer order kept. */
    @Property(tries = 300)
    void underAnyScheduleEveryItemIsTakenOnceInEachProducersOrder(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int producers,
            @ForAll @IntRange(min = 1, max = 4) int consumers,
            @ForAll @IntRange(min = 1, max = 5) int capacity,
            @ForAll @IntRange(min = 0, max = 40) int perProducer) {
        List<List<Integer>> seen = Weft.run(EventLoop.Options.defaults().withVirtualTime().withSeed(seed), () -> {
            Queue<Integer> q = new Queue<>("q", capacity);
            List<Task<Void>> puts = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                puts.add(Weft.spawn("producer-" + p, () -> {
                    for (int i = 0; i < perProducer; i++) {
                        q.put(id * 1000 + i);
                        if (i % 3 == 0) {
                            Weft.yieldNow();
                        }
                    }
                    return null;
                }));
            }
            List<Task<List<Integer>>> takes = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                takes.add(Weft.spawn("consumer-" + c, () -> {
                    List<Integer> got = new ArrayList<>();
                    for (Integer item : q) {
                        got.add(item);
                    }
                    return got;
                }));
            }
            puts.forEach(Task::join);
            q.close();
            return takes.stream().map(Task::join).toList();
        });
        List<Integer> all = seen.stream().flatMap(List::stream).sorted().toList();
        List<Integer> expected = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            for (int i = 0; i < perProducer; i++) {
                expected.add(p * 1000 + i);
            }
        }
        assertThat(all).isEqualTo(expected);
        for (List<Integer> one : seen) {
            for (int p = 0; p < producers; p++) {
                int id = p;
                List<Integer> fromP = one.stream().filter(x -> x / 1000 == id).toList();
                assertThat(fromP).isSorted();
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> ops() {
        return Arbitraries.integers().between(-3, 9).list().ofMaxSize(60);
    }
}
