package dev.weft;

import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;

/**
 * A task: a virtual thread whose scheduler is the task itself, so each time the JDK has the
 * thread ready to run it hands the task to its loop's run queue.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>Lifecycle (from {@link Completion}): RUNNING → SUCCESS | FAILED | CANCELLED, once.
 *     CANCELLED means it ended by {@link CancellationException}, or by an interrupt after a
 *     cancel request.
 * <li>{@code continuation} is the virtual thread's "run me" action, given on each
 *     {@link #execute}; the loop runs it for one step.
 * <li>Fields without {@code volatile} ({@code scope}, {@code weftWaits}, {@code queued},
 *     {@code blockedOutside}, the live-list links, {@code onExit}, {@code spawnSite}) are
 *     touched only on the loop's carrier thread: by the loop between steps or by the task
 *     itself while mounted. Diagnostics on other threads read a few of them racily, for reports.
 * <li>{@code cancelRequested} may be set from any thread; the interrupt that follows wakes the
 *     thread wherever it parks, and the interrupt flag stays set while a cancellation is
 *     pending so JDK blocking calls keep failing too (Trio's level-triggered cancellation).
 * </ul>
 */
final class TaskImpl<T> extends Completion<T> implements Task<T>, Executor, Runnable {
    final EventLoop loop;
    final long id;
    final Thread thread;
    private final String name;
    private Callable<T> body;
    Runnable continuation;
    CancelScope scope;
    private volatile boolean cancelRequested;
    int weftWaits;
    /** What this task waits on in Weft now: written by the task, read by diagnostics anywhere. */
    volatile WaitQueue.Waiter currentWait;
    /** Where it was spawned, when the loop records spawn stacks; else null. */
    Throwable spawnSite;
    boolean queued;
    boolean blockedOutside;
    TaskImpl<?> prevLive;
    TaskImpl<?> nextLive;
    Runnable onExit;

    TaskImpl(EventLoop loop, long id, String name, Callable<T> body) {
        this.loop = loop;
        this.id = id;
        this.name = name;
        this.body = body;
        this.thread = VirtualThreads.newThread(this, name == null ? "" : name, this);
    }

    /** The task running on the current thread, or null on a plain thread or a loop callback. */
    static TaskImpl<?> current() {
        Thread t = Thread.currentThread();
        return t.isVirtual() && VirtualThreads.schedulerOf(t) instanceof TaskImpl<?> task ? task : null;
    }

    /** Called by the JDK whenever this task's virtual thread is ready to run. */
    @Override
    public void execute(Runnable command) {
        continuation = command;
        loop.schedule(this);
    }

    /** The virtual thread's body. */
    @Override
    public void run() {
        Callable<T> work = body;
        body = null;
        T value = null;
        Throwable error = null;
        try {
            if (cancelRequested) {
                throw new CancellationException(describe() + " was cancelled before it started");
            }
            value = work.call();
        } catch (Throwable e) {
            error = e;
        }
        int outcome = error == null ? SUCCESS : endsCancelled(error) ? CANCELLED : FAILED;
        settle(outcome, value, error);
    }

    private boolean endsCancelled(Throwable error) {
        return error instanceof CancellationException
                || (cancelRequested && (error instanceof InterruptedException
                        || error instanceof ClosedByInterruptException));
    }

    /** Only the task itself can end itself: its joiners wait for it. */
    @Override
    Thread[] settlers() {
        return isDone() ? Wakers.ANYONE : new Thread[] {thread};
    }

    @Override
    void afterSettle() {
        loop.taskExited(this);
    }

    @Override
    public boolean cancel() {
        if (isDone()) {
            return false;
        }
        if (!cancelRequested) {
            cancelRequested = true;
            interruptForCancel();
        }
        return true;
    }

    void interruptForCancel() {
        thread.interrupt();
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** True if this task or any cancel scope it is inside has been cancelled. */
    boolean cancelPending() {
        return cancelRequested || (scope != null && scope.chainCancelled());
    }

    /** True if a cancellation is pending from outside {@code inner}, i.e. from its parents. */
    boolean cancelPendingOutside(CancelScope inner) {
        return cancelRequested || (inner.parent != null && inner.parent.chainCancelled());
    }

    /**
     * A waiting point's check: throws if a cancellation is pending. An interrupt that Weft did
     * not send (someone called {@code interrupt()} on this task's thread) counts as a cancel.
     * Called on this task's own thread. Always throws once a cancellation is pending, so a
     * waiter that left its queue for a cancellation never falls back to waiting.
     */
    void checkCancelled(Object waitingOn) {
        if (thread.isInterrupted() && !cancelPending()) {
            cancel();
        }
        if (cancelPending()) {
            throw new CancellationException(describe() + " cancelled while waiting on " + waitingOn);
        }
    }

    @Override
    public String name() {
        return name != null ? name : "Task-" + id;
    }

    @Override
    String describe() {
        return "task '" + name() + "'";
    }

    @Override
    public String toString() {
        return "Task[" + name() + ", " + state() + "]";
    }
}
