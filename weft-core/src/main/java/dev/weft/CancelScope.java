package dev.weft;

/**
 * A region of one task's code that can be cancelled as a whole, with an optional deadline:
 * what {@link Weft#withTimeout} and {@link TaskGroup#run} are built from (Trio's cancel scope).
 *
 * <p>Scopes nest: a task's innermost scope links to its parent, and the task itself is the
 * outermost one. A task's waits are cancelled while any scope on its chain is cancelled
 * (level-triggered, like Trio: every later wait in that region is cancelled too). When the
 * {@link java.util.concurrent.CancellationException} reaches the outermost cancelled scope,
 * that scope catches it.
 *
 * <p>Implementation notes: {@code cancelled} is volatile because a scope may be cancelled from
 * a timer on the loop while its task reads it, and the task itself from any thread.
 */
final class CancelScope {
    final CancelScope parent;
    /** True if a timer will cancel this scope: every wait inside it ends, so none deadlocks. */
    final boolean hasDeadline;
    private volatile boolean cancelled;

    CancelScope(CancelScope parent) {
        this(parent, false);
    }

    CancelScope(CancelScope parent, boolean hasDeadline) {
        this.parent = parent;
        this.hasDeadline = hasDeadline;
    }

    /** True if this scope or an enclosing one has a deadline. */
    boolean chainHasDeadline() {
        for (CancelScope s = this; s != null; s = s.parent) {
            if (s.hasDeadline) {
                return true;
            }
        }
        return false;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Cancels this scope and interrupts {@code task} so that it notices. */
    void cancel(TaskImpl<?> task) {
        if (!cancelled) {
            cancelled = true;
            task.interruptForCancel();
        }
    }

    /** True for the ways a cancelled body ends: Weft's cancellation or a JDK call's interrupt. */
    static boolean isCancellation(Throwable e) {
        return e instanceof java.util.concurrent.CancellationException
                || e instanceof InterruptedException
                || e instanceof java.nio.channels.ClosedByInterruptException;
    }

    /** True if this scope or any enclosing one is cancelled. */
    boolean chainCancelled() {
        for (CancelScope s = this; s != null; s = s.parent) {
            if (s.cancelled) {
                return true;
            }
        }
        return false;
    }
}
