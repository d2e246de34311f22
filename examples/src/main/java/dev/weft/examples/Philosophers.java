// philosophers — five diners around a table, a fork between each pair; to eat, a
// philosopher needs both neighbouring forks. Taken left-then-right, the forks can
// deadlock (everyone holds a left fork and waits for a right one). Taken in a fixed
// order (lower-numbered fork first) they cannot: the waits never form a cycle.
// Forks are dev.weft.sync.Lock. The dinner lasts an hour of virtual time: the loop's
// clock jumps to the next timer whenever every diner is thinking or eating, so the hour
// passes in a fraction of a second of real time. The run is seeded, so the same seed
// gives the same meals. It also checks that no two neighbours ever ate at once.
//
//   weft example philosophers [SEED]                          (default seed: 42)
package dev.weft.examples;

import dev.weft.EventLoop;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.Lock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

public final class Philosophers {
    static final int DINERS = 5;
    static final Duration DINNER = Duration.ofHours(1);

    /** How the dinner went. {@code neighboursAteTogether} counts meals begun beside an eating neighbour: 0. */
    public record Result(List<Integer> meals, int neighboursAteTogether, Duration virtualTime, Duration wallTime) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < meals.size(); i++) {
                text.append(String.format("philosopher-%d ate %3d meals%n", i, meals.get(i)));
            }
            long s = virtualTime.toSeconds();
            text.append(String.format("virtual time %d:%02d:%02d in %d ms of wall time%n",
                    s / 3600, s / 60 % 60, s % 60, wallTime.toMillis()));
            text.append("neighbours eating at once: ").append(neighboursAteTogether);
            return text.toString();
        }
    }

    public static Result run(long seed) {
        long wallStart = System.nanoTime();
        EventLoop.Options options = EventLoop.Options.defaults().withVirtualTime().withSeed(seed);
        return Weft.run(options, () -> {
            EventLoop loop = Weft.loop();
            long start = loop.nanoTime();
            long end = start + DINNER.toNanos();
            Lock[] forks = new Lock[DINERS];
            for (int i = 0; i < DINERS; i++) {
                forks[i] = new Lock("fork-" + i);
            }
            // Plain fields shared by the diners: tasks of one loop never run at the same time,
            // so nothing changes under a task between its waiting points.
            Random random = new Random(seed);
            boolean[] eating = new boolean[DINERS];
            int[] meals = new int[DINERS];
            int[] neighboursAteTogether = {0};

            TaskGroup.run(group -> {
                for (int i = 0; i < DINERS; i++) {
                    int me = i;
                    int left = i;
                    int right = (i + 1) % DINERS;
                    Lock first = forks[Math.min(left, right)];   // the fixed order that rules out deadlock
                    Lock second = forks[Math.max(left, right)];
                    group.spawn("philosopher-" + i, () -> {
                        while (loop.nanoTime() < end) {
                            Weft.sleep(Duration.ofSeconds(10 + random.nextInt(51)));   // think
                            try (var _ = first.hold(); var _ = second.hold()) {
                                if (eating[(me + 1) % DINERS] || eating[(me + DINERS - 1) % DINERS]) {
                                    neighboursAteTogether[0]++;
                                }
                                eating[me] = true;
                                Weft.sleep(Duration.ofSeconds(10 + random.nextInt(21)));   // eat
                                eating[me] = false;
                                meals[me]++;
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
            return new Result(Arrays.stream(meals).boxed().toList(), neighboursAteTogether[0],
                    Duration.ofNanos(loop.nanoTime() - start), Duration.ofNanos(System.nanoTime() - wallStart));
        });
    }

    public static void main(String[] args) {
        long seed = Examples.number(args, 0, "SEED", 42);
        Result result = run(seed);
        System.out.println(result);
        if (result.neighboursAteTogether() != 0) {
            throw new IllegalStateException("two neighbours ate with one fork");
        }
    }
}
