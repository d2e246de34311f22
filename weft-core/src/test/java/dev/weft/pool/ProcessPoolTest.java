package dev.weft.pool;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.TaskFailedException;
import dev.weft.Weft;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link ProcessPool} with well-behaved jobs, on the pool the test classes share: results, how
 * failures travel, what workers are started with, what the allow-list refuses. Crashes, kills
 * and cancellation are in {@link WorkerCrashTest} and {@link ProcessCancellationTest}; opening
 * and closing in {@link ProcessPoolLifecycleTest}.
 */
@Timeout(60)
@ExtendWith(SharedPools.Resolver.class)
class ProcessPoolTest {
    private ProcessPool pool;


    @BeforeEach
    void pool(ProcessPool shared) {
        pool = shared;
    }

    // ------------------------------------------------------------------ results

    @Test
    void jobsRunInAnotherProcess() {
        long me = ProcessHandle.current().pid();
        assertThat(pool.submit(Jobs::pid).join()).isNotEqualTo(me);
    }

    @Test
    void mapEqualsTheSequentialAnswerForEveryChunkSize() {
        List<Integer> input = IntStream.range(0, 500).boxed().toList();
        List<Long> sequential = input.stream().map(n -> Jobs.sumOfSquares(n)).toList();
        for (int chunk : new int[] {1, 7, 64, 500, 1000}) {
            assertThat(pool.map(Jobs::sumOfSquares, input, chunk)).as("chunk size %d", chunk).isEqualTo(sequential);
        }
    }

    @Test
    void mapUnorderedHasEveryResultOnce() {
        List<Integer> input = IntStream.range(0, 300).boxed().toList();
        List<Boolean> results = new ArrayList<>();
        try (MapResults<Boolean> r = pool.mapUnordered(Jobs::isPrime, input, 16)) {
            r.forEach(results::add);
        }
        assertThat(results).hasSize(300);
        assertThat(results.stream().filter(b -> b).count()).isEqualTo(input.stream().filter(Jobs::isPrime).count());
    }

    @Test
    void imapGivesResultsInInputOrder() {
        List<String> out = new ArrayList<>();
        try (MapResults<String> r = pool.imap(s -> s + s, List.of("a", "b", "c", "d", "e"), 2)) {
            r.forEach(out::add);
        }
        assertThat(out).containsExactly("aa", "bb", "cc", "dd", "ee");
    }

    @Test
    void capturedValuesTravelWithTheJob() {
        int base = 40;
        List<String> words = List.of("x", "y");
        assertThat(pool.submit(() -> base + 2 + words.size()).join()).isEqualTo(44);
    }

    @Test
    void joiningFromATaskSuspendsOnlyThatTask() {
        List<String> trace = Weft.run(() -> {
            List<String> t = new ArrayList<>();
            Task<Long> job = pool.submit(() -> Jobs.sumOfSquares(3_000_000));
            Task<Void> ticker = Weft.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    t.add("tick " + i);
                    Weft.yieldNow();
                }
                return null;
            });
            t.add("joined " + job.join());
            ticker.join();
            return t;
        });
        assertThat(trace).contains("tick 0", "tick 1", "tick 2").last().asString().startsWith("joined ");
        assertThat(trace.indexOf("tick 2")).isLessThan(trace.size() - 1);
    }

    @Test
    void aVirtualClockHoldsStillWhileATaskWaitsOnAJob() {
        List<String> trace = Weft.run(EventLoop.Options.defaults().withVirtualTime(), () -> {
            List<String> t = new ArrayList<>();
            Task<Void> sleeper = Weft.spawn(() -> {
                Weft.sleep(java.time.Duration.ofSeconds(10));
                t.add("slept");
                return null;
            });
            pool.submit(() -> Jobs.sumOfSquares(2_000_000)).join();
            t.add("job done at " + Weft.loop().nanoTime());
            sleeper.join();
            return t;
        });
        assertThat(trace).containsExactly("job done at 0", "slept");
    }

    // ------------------------------------------------------------------ failures

    @Test
    void anUncheckedFailureIsRethrownAsThrownInTheWorker() {
        Task<Object> t = pool.submit(() -> {
            throw new IllegalStateException("no good");
        });
        Throwable e = catchThrowable(t::join);
        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessage("no good");
        assertThat(e.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(ProcessPoolTest.class.getName()));
        assertThat(catchThrowable(t::get)).isInstanceOf(ExecutionException.class).cause().isSameAs(e);
    }

    @Test
    void aCheckedFailureArrivesWrapped() {
        Task<Object> t = pool.submit(() -> {
            throw new java.util.concurrent.TimeoutException("slow");
        });
        assertThatThrownBy(t::join).isInstanceOf(TaskFailedException.class)
                .cause().isInstanceOf(java.util.concurrent.TimeoutException.class).hasMessage("slow");
    }

    @Test
    void aFailureOfAClassOutsideTheAllowListArrivesAsTextWithItsStack() {
        Task<Object> t = pool.submit(() -> {
            throw new IOException("disk on fire");
        });
        assertThatThrownBy(t::join).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("java.io.IOException: disk on fire")
                .hasMessageContaining("allow(\"java.io.IOException\")")
                .satisfies(e -> assertThat(e.getStackTrace()).isNotEmpty());
    }

    @Test
    void aJobThatCannotBeSerializedIsRefusedAtSubmit() {
        Object notSerializable = new Object();
        assertThatThrownBy(() -> pool.submit(() -> notSerializable.hashCode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object is not serializable");
    }

    @Test
    void aResultThatCannotBeSerializedFailsTheJobClearly() {
        assertThatThrownBy(() -> pool.submit(Object::new).join())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("result cannot travel back")
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void aFailedJobLeavesTheWorkerServing() {
        long before = pool.statistics().crashes();
        for (int i = 0; i < 5; i++) {
            int n = i;
            catchThrowable(() -> pool.submit(() -> 1 / (n - n)).join());
        }
        assertThat(pool.submit(() -> "still here").join()).isEqualTo("still here");
        assertThat(pool.statistics().crashes()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ the allow-list

    @Test
    void aWorkerRefusesAJobCapturingAClassOutsideTheAllowList() {
        URI where = URI.create("https://example.com/");
        assertThatThrownBy(() -> pool.submit(() -> where.getHost()).join())
                .isInstanceOf(ClassNotAllowedException.class)
                .hasMessageContaining("java.net.URI is not on the process pool's allow-list")
                .hasMessageContaining("the worker refused")
                .hasMessageContaining("ProcessPool.Options.allow(\"java.net.URI\")")
                .satisfies(e -> assertThat(((ClassNotAllowedException) e).className()).isEqualTo("java.net.URI"));
    }

    @Test
    void thePoolRefusesAResultOfAClassOutsideTheAllowList() {
        assertThatThrownBy(() -> pool.submit(() -> URI.create("https://example.com/")).join())
                .isInstanceOf(ClassNotAllowedException.class)
                .hasMessageContaining("the pool refused")
                .hasMessageContaining("allow(\"java.net.URI\")");
    }

    @Test
    void theAllowListAdmitsApplicationClassesOfAnyPackageAndJdkValueTypes() {
        record Point(int x, int y) implements java.io.Serializable {
        }
        Point p = new Point(1, 2);
        var value = pool.submit(() -> new Object[] {p, java.time.Duration.ofSeconds(3), new java.math.BigInteger("12"),
                new java.util.TreeMap<>(java.util.Map.of("k", List.of(1L))), new int[] {7}}).join();
        assertThat(value[0]).isEqualTo(p);
        assertThat(value[3]).isEqualTo(java.util.Map.of("k", List.of(1L)));
    }

    // ------------------------------------------------------------------ what workers are

    @Test
    void workersRunWithTheParentsClassPathAndJvmOptions() {
        List<String> args = pool.submit(() -> new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .join();
        assertThat(args).contains(WorkerCommand.ADD_OPENS, "-XX:+ExitOnOutOfMemoryError");
        assertThat(args).containsAll(WorkerCommand.inheritedOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        String classPath = System.getProperty("java.class.path");
        assertThat(pool.submit(() -> System.getProperty("java.class.path")).join()).isEqualTo(classPath);
    }

    @Test
    void workersCanRunWeftLoopsOfTheirOwn() {
        assertThat(pool.submit(() -> Weft.run(() -> Weft.spawn(() -> "a task in a worker").join())).join())
                .isEqualTo("a task in a worker");
    }

    @Test
    void workersTalkOverPipesNeverASocket() throws IOException {
        long pid = pool.submit(Jobs::pid).join();
        List<String> fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = s.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).toList();
        }
        assertThat(fds).noneMatch(l -> l.startsWith("socket:"));
        assertThat(fds).anyMatch(l -> l.startsWith("pipe:"));
    }

    @Test
    void aJobsPrintsGoToTheWorkersStderrNotItsFrames() {
        assertThat(pool.submit(() -> {
            System.out.println("printed by a job");
            return "answer";
        }).join()).isEqualTo("answer");
    }
}
