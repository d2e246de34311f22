package dev.weft.pool;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Wakers;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@link Task} a pool hands back from {@code submit}: a {@link Promise} that the pool settles
 * when the job ends, and the way back to the pool to call the job off.
 *
 * <p>Joining suspends a task (its loop runs on, and a virtual clock holds still while the job
 * runs) and blocks a thread. <b>Ownership:</b> the task or thread that submitted the job owns it.
 * If the owner is cancelled while it waits on the job ({@link #join()}, {@link #get()}), the job
 * is cancelled too; so cancelling a {@code TaskGroup}, or a {@code Weft.withTimeout} passing,
 * reaches the pool jobs its tasks were waiting on. Anyone else who waits and is cancelled just
 * stops waiting, as with any {@link Task#join()}.
 *
 * <p>Implementation notes: the promise is the one source of truth; whoever settles it first (the
 * pool with an outcome, {@link #cancel()}, the timeout) wins, and an outcome that comes later is
 * dropped. {@code onDone} runs once, on the settling thread, right after the promise settled;
 * the canceller runs after that, outside any lock of the caller's. A failure no one was handed
 * ({@code join}, {@code get}, {@code exceptionNow}) is the pool's to report when it closes.
 */
final class PoolTask<T> implements Task<T> {
    /** What the pool does when a job is called off: drop it from the queue, or stop its runner. */
    interface Canceller {
        void cancelled();
    }

    /** How long a platform thread watches a job before it parks to wait for it. */
    static final long SPIN_NANOS = 150_000;

    private final String name;
    private final Promise<T> promise;
    private final Thread owner;
    private final AbstractPool pool;
    private final Consumer<? super PoolTask<T>> onDone;
    private volatile Canceller canceller;
    private volatile boolean observed;

    PoolTask(String name, AbstractPool pool, Consumer<? super PoolTask<T>> onDone) {
        this.name = name;
        this.promise = new Promise<>("pool job '" + name + "'");
        this.owner = Thread.currentThread();
        this.pool = pool;
        this.onDone = onDone;
    }

    /** Set by the pool before the job can start. */
    void canceller(Canceller c) {
        this.canceller = c;
    }

    /** Tells the wait-for graph who could finish the job, so a wait on it can close a cycle. */
    void settledBy(Wakers wakers) {
        promise.settledBy(wakers);
    }

    // ------------------------------------------------------------------ settling, by the pool

    boolean succeed(T value) {
        return settled(promise.complete(value));
    }

    boolean failWith(Throwable error) {
        return settled(promise.fail(error));
    }

    /** Fails the job with {@link TimedOutException} and stops its runner. */
    boolean timeOut(Duration timeout) {
        return settled(promise.fail(new TimedOutException(timeout))) && callOff();
    }

    private boolean settled(boolean won) {
        if (won && promise.state() == State.FAILED && !observed) {
            pool.failedUnobserved(this);
        }
        if (won && onDone != null) {
            onDone.accept(this);
        }
        return won;
    }

    /** Someone was handed the outcome: a failure is no longer the pool's to report. */
    private void observe() {
        if (!observed) {
            observed = true;
            pool.observed(this);
        }
    }

    private boolean callOff() {
        Canceller c = canceller;
        if (c != null) {
            c.cancelled();
        }
        return true;
    }

    // ------------------------------------------------------------------ Task

    /**
     * Waits for the job and returns its result, as {@link Task#join()} does: the job's
     * {@code RuntimeException} or {@code Error} is rethrown as thrown (from a worker process: as
     * it was deserialized, with the worker's stack), a checked one wrapped in
     * {@link dev.weft.TaskFailedException}.
     *
     * <p><b>Cancellation.</b> A waiting point. A cancelled caller throws
     * {@link CancellationException}; if it is the job's owner (it submitted it), the job is
     * cancelled too: dropped if it had not started, its thread interrupted or its worker process
     * killed and replaced if it had.
     */
    @Override
    public T join() {
        return waiting(() -> promise.isDone() || spinUntilDone() ? promise.join() : Waits.outside(promise::join));
    }

    /**
     * As {@link #join()}, but a thread parks at once rather than watching the job first: for a
     * caller with other jobs in flight, whom a prompt wake-up gains nothing and whose watching
     * would take a core from the workers.
     */
    T joinParked() {
        return waiting(() -> promise.isDone() ? promise.join() : Waits.outside(promise::join));
    }

    /** As {@link #join()}, with the failure wrapped in {@link ExecutionException}. */
    @Override
    public T get() throws ExecutionException {
        return waiting(() -> Waits.outside(promise::get));
    }

    /**
     * Waits at most {@code timeout}; if it passes, the job goes on and {@link TimeoutException}
     * is thrown. To stop a job that runs too long, give it a timeout when submitting it.
     */
    @Override
    @SuppressWarnings("try")
    public T get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
        return this.<ExecutionException, TimeoutException>waiting(() -> {
            try (EventLoop.ExternalWork outside = Waits.begin()) {
                return promise.get(timeout, unit);
            }
        });
    }

    /** A get that may throw {@code E} or, checked, {@code F}. */
    @FunctionalInterface
    private interface Get<R, E extends Exception, F extends Exception> {
        R get() throws E, F;
    }

    /**
     * Runs one of the waits on the job: a cancelled owner takes the job with it, and whoever
     * saw the job settled has been handed its outcome.
     */
    private <E extends Exception, F extends Exception> T waiting(Get<T, E, F> wait) throws E, F {
        try {
            return wait.get();
        } catch (CancellationException e) {
            ownerLeft();
            throw e;
        } finally {
            if (promise.isDone()) {
                observe();
            }
        }
    }

    /**
     * On a platform thread, watches the job for a moment before the caller parks: a tiny job's
     * answer often comes within it, and a thread that never parked needs no wake-up, which on a
     * virtual machine whose CPU went idle costs tens of microseconds. A task never spins: it
     * would hold its loop.
     */
    private boolean spinUntilDone() {
        if (Thread.currentThread().isVirtual()) {
            return false;
        }
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (!promise.isDone()) {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** The caller stopped waiting because it was cancelled: an owner takes its job with it. */
    private void ownerLeft() {
        if (!promise.isDone() && Thread.currentThread() == owner) {
            cancel();
        }
    }

    /**
     * Calls the job off: a queued job never runs; a running one is interrupted (thread pool) or
     * has its worker process killed and replaced (process pool). Never blocks.
     */
    @Override
    public boolean cancel() {
        return settled(promise.cancel()) && callOff();
    }

    /** The failure, without marking it seen; null unless failed. */
    Throwable failure() {
        return promise.state() == State.FAILED ? promise.exceptionNow() : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public State state() {
        return promise.state();
    }

    @Override
    public boolean isDone() {
        return promise.isDone();
    }

    @Override
    public boolean isCancelled() {
        return promise.isCancelled();
    }

    @Override
    public T resultNow() {
        return promise.resultNow();
    }

    @Override
    public Throwable exceptionNow() {
        Throwable e = promise.exceptionNow();
        observe();
        return e;
    }

    @Override
    public String toString() {
        return "PoolTask[" + name + ", " + state() + "]";
    }
}
