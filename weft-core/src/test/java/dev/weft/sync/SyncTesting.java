package dev.weft.sync;

import dev.weft.EventLoop;
import dev.weft.Weft;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Small helpers shared by the sync tests: loops on the virtual clock, plain threads, waiting for a state. */
final class SyncTesting {
    static final Duration MS = Duration.ofMillis(1);
    static final long MS_NANOS = 1_000_000L;

    private SyncTesting() {
    }

    /** Runs {@code main} as the root task of a loop on a virtual clock (starts at 0, jumps to timers). */
    static <T> T virtual(Callable<T> main) {
        return Weft.run(EventLoop.Options.defaults().withVirtualTime(), main);
    }

    /** Like {@link #virtual} with a seeded choice among ready tasks. */
    static <T> T seeded(long seed, Callable<T> main) {
        return Weft.run(EventLoop.Options.defaults().withVirtualTime().withSeed(seed), main);
    }

    /** The current loop's clock, in nanoseconds. */
    static long now() {
        return Weft.loop().nanoTime();
    }

    /**
     * Waits until {@code state} holds, for a state that another thread changes (a waiter
     * enqueued on a primitive…). Yields between looks: inside a task the loop runs on; on a
     * plain thread the CPU is given up. Fails after 10 s so a broken primitive cannot hang a test.
     */
    static void until(String what, BooleanSupplier state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!state.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** A started platform thread running {@code body}; its failure, if any, is kept for {@link Plain#join}. */
    static Plain thread(String name, ThrowingRunnable body) {
        return new Plain(name, body);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A plain platform thread whose failure is rethrown by {@link #join()}. */
    static final class Plain {
        final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Plain(String name, ThrowingRunnable body) {
            this.thread = Thread.ofPlatform().name(name).daemon().start(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
        }

        /** Waits (at most 10 s) for the thread to end and rethrows what it threw. */
        void join() throws InterruptedException {
            boolean ended = thread.join(Duration.ofSeconds(10));
            assertThat(ended).as(thread.getName() + " ended within 10 s").isTrue();
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new AssertionError(thread.getName() + " failed", e);
            }
        }

        /** True if the thread is parked or blocked right now. */
        boolean isWaiting() {
            Thread.State s = thread.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        }
    }
}
