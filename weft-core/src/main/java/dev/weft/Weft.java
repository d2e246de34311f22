package dev.weft;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The front door: run a loop, spawn tasks, sleep, time out, gather, shield, hand work to a
 * thread. Names follow asyncio's: {@code asyncio.run} is {@link #run}, {@code create_task} is
 * {@link #spawn}, {@code sleep(0)} is {@link #yieldNow}, {@code timeout} is
 * {@link #withTimeout}, {@code to_thread} is {@link #toThread}.
 *
 * <pre>{@code
 * int total = Weft.run(() -> {
 *     Task<Integer> a = Weft.spawn(() -> { Weft.sleep(Duration.ofMillis(10)); return 1; });
 *     Task<Integer> b = Weft.spawn(() -> 2);
 *     return a.join() + b.join();
 * });
 * }</pre>
 *
 * <p>Every method that waits is a cancellation point: when the calling task is cancelled
 * (or its timeout passes) it throws {@link CancellationException} instead of waiting.
 */
public final class Weft {
    private Weft() {
    }

    /**
     * Runs {@code main} as the root task of a new event loop on this thread, until it ends;
     * then cancels the tasks still running, waits for them, reports failures nobody joined,
     * and closes the loop. Returns main's result or rethrows its failure as
     * {@link Task#join()} would.
     *
     * @throws IllegalStateException inside a running loop, or if the JVM lacks
     *         {@code --add-opens java.base/java.lang=ALL-UNNAMED}
     */
    public static <T> T run(Callable<T> main) {
        return run(EventLoop.Options.defaults(), main);
    }

    /** {@link #run(Callable)} with options: virtual time, a seed, an instrument… */
    public static <T> T run(EventLoop.Options options, Callable<T> main) {
        VirtualThreads.requireAvailable();
        if (EventLoop.current() != null) {
            throw new IllegalStateException("Weft.run cannot start a loop inside a running loop;"
                    + " spawn a task or join one instead");
        }
        if (Thread.currentThread().isVirtual()) {
            return runOnPlatformThread(options, main);
        }
        return new EventLoop(options, Thread.currentThread()).run(main);
    }

    /** A virtual thread cannot carry other virtual threads: lend the loop a platform thread. */
    private static <T> T runOnPlatformThread(EventLoop.Options options, Callable<T> main) {
        FutureTask<T> loop = new FutureTask<>(() -> run(options, main));
        Thread carrier = Thread.ofPlatform().name("weft-loop").start(loop);
        try {
            return loop.get();
        } catch (ExecutionException e) {
            throw TaskFailedException.unchecked("Weft.run", e.getCause());
        } catch (InterruptedException e) {
            carrier.interrupt();
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the loop");
        }
    }

    /** Starts {@code body} as a new task on the current loop; asyncio's {@code create_task}. */
    public static <T> Task<T> spawn(Callable<T> body) {
        return spawn(null, body);
    }

    /**
     * Starts {@code body} as a new task named {@code name} on the current loop. It runs once
     * the caller next waits or yields.
     *
     * @throws IllegalStateException outside a loop
     */
    public static <T> Task<T> spawn(String name, Callable<T> body) {
        return requireLoop("spawn").spawn(name, body);
    }

    /**
     * Suspends the calling task for {@code d} on its loop's clock (a plain thread sleeps).
     * A zero or negative duration just yields.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled sleeper wakes at once with
     * {@link CancellationException}.
     */
    public static void sleep(Duration d) {
        long nanos = toNanos(d);
        TaskImpl<?> task = TaskImpl.current();
        if (task == null) {
            sleepThread(nanos);
            return;
        }
        task.checkCancelled("sleep");
        if (nanos <= 0) {
            Thread.yield();
            return;
        }
        WaitQueue sleeping = new WaitQueue(null, "sleep");
        WaitQueue.Waiter w;
        synchronized (sleeping) {
            w = sleeping.enqueue(null);
        }
        sleeping.await(w, nanos, true);
    }

    private static void sleepThread(long nanos) {
        if (EventLoop.carrierLoop() != null) {
            throw new IllegalStateException("cannot sleep in a loop callback: it would stall the loop");
        }
        try {
            Thread.sleep(Duration.ofNanos(Math.max(0, nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(Thread.currentThread().getName() + " interrupted in sleep");
        }
    }

    /**
     * Lets every other ready task of this loop run once before the caller goes on;
     * asyncio's {@code sleep(0)}. On a plain thread, {@link Thread#yield()}.
     *
     * <p><b>Cancellation.</b> A waiting point.
     */
    public static void yieldNow() {
        TaskImpl<?> task = TaskImpl.current();
        if (task != null) {
            task.checkCancelled("yield");
        }
        Thread.yield();
    }

    /**
     * Runs {@code body} in the calling task, cancelling it if it has not ended within
     * {@code d}: then {@link TimedOutException} is thrown. A scope nests inside others as in
     * Trio: whichever cancelled scope is outermost catches the cancellation, so an outer
     * timeout passing first is reported by the outer one, and a cancel of the whole task
     * surfaces as {@link CancellationException}. A body that swallows the cancellation and
     * returns has its value returned.
     *
     * @throws IllegalStateException outside a task
     */
    public static <T> T withTimeout(Duration d, Callable<T> body) {
        TaskImpl<?> task = requireTask("withTimeout");
        long nanos = toNanos(d);
        CancelScope scope = new CancelScope(task.scope, true);
        task.scope = scope;
        Handle timer = null;
        try {
            if (nanos <= 0) {
                scope.cancel(task);
            } else {
                timer = task.loop.callLaterNanos(nanos, () -> scope.cancel(task));
            }
            return body.call();
        } catch (Throwable e) {
            if (scope.isCancelled() && !task.cancelPendingOutside(scope) && CancelScope.isCancellation(e)) {
                throw new TimedOutException(d, e);
            }
            throw TaskFailedException.unchecked("withTimeout body", e);
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            task.scope = scope.parent;
            if (scope.isCancelled() && !task.cancelPending()) {
                Thread.interrupted();
            }
        }
    }

    /**
     * Runs every body as its own task and returns their results in order. The first failure
     * cancels the rest and is thrown as {@link Task#join()} would throw it, with any later
     * failures suppressed on it.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller cancels the bodies, waits
     * for them to end, and throws {@link CancellationException}.
     */
    public static <T> List<T> gather(List<? extends Callable<T>> bodies) {
        return TaskGroup.gather(bodies);
    }

    /**
     * Runs {@code body} as its own task and waits for it; if the caller is cancelled, the
     * caller sees {@link CancellationException} at once while the body runs on to its end
     * (asyncio's {@code shield}). A failure of a body whose caller left is reported when the
     * loop closes.
     */
    public static <T> T shield(Callable<T> body) {
        TaskImpl<?> task = requireTask("shield");
        return task.loop.spawn("shield", body).join();
    }

    /**
     * Runs {@code body} on one of the loop's pool threads and suspends the calling task until
     * it ends; asyncio's {@code to_thread}. For blocking libraries and short CPU bursts.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled caller stops waiting at once and
     * the pool thread is interrupted.
     */
    public static <T> T toThread(Callable<T> body) {
        return requireTask("toThread").loop.toThread(body);
    }

    /**
     * A snapshot, as text, of every task of every running loop: its state (running, ready,
     * waiting, blocked in a JDK call), what it waits on, for how long and who could end that
     * wait, and its stack; then the plain threads waiting in Weft and the threads the JVM finds
     * deadlocked in its own locks. Callable from anywhere; {@code weft dump PID} prints it for a
     * running program. Never waits more than a moment for a loop that is held by a task.
     *
     * <p><b>Cancellation.</b> Not a waiting point: a caller cancelled while it asks other loops
     * for their tasks stops asking, and reads them without their help.
     */
    public static String dumpTasks() {
        return TaskDump.everything();
    }

    /** The task running this code. @throws IllegalStateException outside a task */
    public static Task<?> currentTask() {
        return requireTask("currentTask");
    }

    /** The loop running this code (a task or callback of it). @throws IllegalStateException outside a loop */
    public static EventLoop loop() {
        return requireLoop("loop");
    }

    static TaskImpl<?> requireTask(String what) {
        TaskImpl<?> task = TaskImpl.current();
        if (task == null) {
            throw new IllegalStateException(what + " needs a running task: call it inside Weft.run");
        }
        return task;
    }

    static EventLoop requireLoop(String what) {
        EventLoop loop = EventLoop.current();
        if (loop == null) {
            throw new IllegalStateException(what + " needs a running loop: call it inside Weft.run");
        }
        return loop;
    }

    /** A duration in nanoseconds, saturated so that deadlines never overflow. */
    static long toNanos(Duration d) {
        if (d.compareTo(Duration.ofDays(365L * 100)) > 0) {
            return Duration.ofDays(365L * 100).toNanos();
        }
        return d.isNegative() ? 0 : d.toNanos();
    }
}
