package dev.weft.bench;

import dev.weft.Cancellable;
import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Weft;
import dev.weft.sync.Queue;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Timers: what one costs to set and fire, and whether many pending ones slow the loop down.
 * Scores are nanoseconds per timer, or per scheduling round.
 *
 * <ul>
 *   <li>{@link #fireVirtualClock} / {@link #fireRealClock}: the root task sets
 *       {@value #TIMERS} timers with {@code EventLoop.callLater} at random delays
 *       (uniform in [0, 10 s) on the virtual clock, in [0, 20 ms) on the real one, the same
 *       seeded sequence every invocation) and waits until the last has fired.
 *   <li>{@link #callSoonRound}, {@link #yieldRound}: the cost of one loop turn — a callback
 *       that re-posts itself with {@code callSoon}, a task's {@code yieldNow()} — and
 *       {@link #callLaterCancel}, {@link #callLaterCancelLast}: setting then cancelling a timer
 *       due before (after) every pending one; all on a loop that has
 *       {@code pending} timers set an hour ahead. With {@code pending=0} and
 *       {@code pending=1000000} side by side, equal scores mean pending timers cost the
 *       scheduler nothing. The loop lives on its own platform thread for the whole trial, so
 *       setting the million pending timers is not measured.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
public class CoreTimerBench {
    static final int TIMERS = 1_000_000;
    static final int ROUNDS = 10_000;
    static final Runnable NOTHING = () -> {};

    private Duration[] virtualDelays;
    private Duration[] realDelays;

    @Setup(Level.Trial)
    public void drawDelays() {
        virtualDelays = randomDelays(TIMERS, TimeUnit.SECONDS.toNanos(10), 42);
        realDelays = randomDelays(TIMERS, TimeUnit.MILLISECONDS.toNanos(20), 42);
    }

    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public int fireVirtualClock() {
        return Weft.run(EventLoop.Options.defaults().withVirtualTime(), () -> setAndAwaitAll(virtualDelays));
    }

    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public int fireRealClock() {
        return Weft.run(() -> setAndAwaitAll(realDelays));
    }

    /** A loop on its own thread, with {@code pending} timers set far ahead of any benchmark. */
    @State(Scope.Thread)
    public static class PendingTimers {
        @Param({"0", "1000000"})
        public int pending;

        LoopHost host;
        private Cancellable[] timers;

        @Setup(Level.Trial)
        public void start() {
            host = new LoopHost(EventLoop.Options.defaults());
            timers = host.call(() -> {
                EventLoop loop = Weft.loop();
                Duration[] delays = randomDelays(pending, TimeUnit.HOURS.toNanos(1), 7);
                Cancellable[] set = new Cancellable[pending];
                for (int i = 0; i < pending; i++) {
                    set[i] = loop.callLater(delays[i].plusHours(1), NOTHING);
                }
                return set;
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            host.call(() -> {
                for (Cancellable c : timers) {
                    c.cancel();
                }
                return null;
            });
            host.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int callSoonRound(PendingTimers s) {
        return s.host.call(() -> {
            EventLoop loop = Weft.loop();
            Promise<Integer> done = new Promise<>();
            loop.callSoon(new Runnable() {
                int left = ROUNDS;

                @Override
                public void run() {
                    if (--left > 0) {
                        loop.callSoon(this);
                    } else {
                        done.complete(ROUNDS);
                    }
                }
            });
            return done.join();
        });
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int yieldRound(PendingTimers s) {
        return s.host.call(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Weft.yieldNow();
            }
            return ROUNDS;
        });
    }

    /** Worst case for a binary heap: the new timer is due before every pending one. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int callLaterCancel(PendingTimers s) {
        return s.host.call(() -> setAndCancel(Duration.ofMinutes(1)));
    }

    /** Best case: the new timer is due after every pending one (a far timeout). */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int callLaterCancelLast(PendingTimers s) {
        return s.host.call(() -> setAndCancel(Duration.ofHours(3)));
    }

    private static int setAndCancel(Duration delay) {
        EventLoop loop = Weft.loop();
        int cancelled = 0;
        for (int i = 0; i < ROUNDS; i++) {
            if (loop.callLater(delay, NOTHING).cancel()) {
                cancelled++;
            }
        }
        return cancelled;
    }

    static int setAndAwaitAll(Duration[] delays) {
        EventLoop loop = Weft.loop();
        Promise<Integer> all = new Promise<>();
        int[] fired = {0};
        Runnable tick = () -> {
            if (++fired[0] == delays.length) {
                all.complete(fired[0]);
            }
        };
        for (Duration d : delays) {
            loop.callLater(d, tick);
        }
        return all.join();
    }

    static Duration[] randomDelays(int n, long boundNanos, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Duration[] delays = new Duration[n];
        for (int i = 0; i < n; i++) {
            delays[i] = Duration.ofNanos(random.nextLong(boundNanos));
        }
        return delays;
    }

    /**
     * An event loop that outlives benchmark invocations: {@code Weft.run} on a platform thread,
     * whose root task runs the jobs posted to it through a {@code Queue} (thread → task) until
     * the queue is closed. A job costs one cross-thread wake-up on top of its own work, which
     * the {@value #ROUNDS} rounds of every job amortise.
     */
    static final class LoopHost implements AutoCloseable {
        private final Queue<Job<?>> jobs = new Queue<>("bench-jobs", 1);
        private final Thread thread;
        private volatile Throwable died;

        LoopHost(EventLoop.Options options) {
            thread = Thread.ofPlatform().name("bench-loop").start(() -> {
                try {
                    Weft.run(options, () -> {
                        for (Job<?> job : jobs) {
                            job.run();
                        }
                        return null;
                    });
                } catch (Throwable t) {
                    died = t;
                }
            });
        }

        /** Runs {@code body} as (part of) the loop's root task and returns what it returned. */
        <T> T call(Callable<T> body) {
            Job<T> job = new Job<>(body);
            jobs.put(job);
            while (true) {
                try {
                    return job.result.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (!thread.isAlive()) {
                        throw new IllegalStateException("the benchmark loop ended", died);
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a benchmark job failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            jobs.close();
            thread.join();
            if (died != null) {
                throw new IllegalStateException("the benchmark loop failed", died);
            }
        }

        private record Job<T>(Callable<T> body, CompletableFuture<T> result) {
            Job(Callable<T> body) {
                this(body, new CompletableFuture<>());
            }

            void run() {
                try {
                    result.complete(body.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            }
        }
    }
}
