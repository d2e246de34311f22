package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A callback scheduled on a loop — soon, later, or from another thread — that can be
 * cancelled until it runs (asyncio's {@code Handle} and {@code TimerHandle}).
 *
 * <p>Implementation notes: {@code deadline}, {@code seq} and {@code heapIndex} belong to the
 * loop thread and the {@link TimerHeap}. {@code state} moves PENDING → DONE when the callback
 * starts, or PENDING → CANCELLED from any thread; whichever CAS wins decides. A handle
 * cancelled off the loop thread stays in the heap until its deadline and is skipped then.
 */
final class Handle implements Cancellable, Runnable {
    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Handle.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private final Runnable action;
    final long deadline;
    final long seq;
    int heapIndex = -1;
    private volatile int state;

    Handle(EventLoop loop, Runnable action, long deadline, long seq) {
        this.loop = loop;
        this.action = action;
        this.deadline = deadline;
        this.seq = seq;
    }

    @Override
    public boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return false;
        }
        if (heapIndex >= 0 && loop.inLoopThread()) {
            loop.removeTimer(this);
        }
        return true;
    }

    boolean isCancelled() {
        return state == CANCELLED;
    }

    /** Runs the callback unless it was cancelled first. Exceptions go to the caller. */
    @Override
    public void run() {
        if (STATE.compareAndSet(this, PENDING, DONE)) {
            action.run();
        }
    }

    /** Orders timers by deadline, then by the order they were set. */
    boolean firesBefore(Handle other) {
        long d = deadline - other.deadline;
        return d < 0 || (d == 0 && seq < other.seq);
    }

    @Override
    public String toString() {
        return "Handle[" + action + ", " + switch (state) {
            case PENDING -> "pending";
            case DONE -> "done";
            default -> "cancelled";
        } + "]";
    }
}
