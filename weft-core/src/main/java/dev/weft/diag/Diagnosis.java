package dev.weft.diag;

/**
 * Evidence of a problem that diagnostics found and report rather than throw: handed to the
 * loop's diagnostics handler ({@code EventLoop.Options.withDiagnostics}; logged for a plain thread) with the stack that shows it. Never
 * thrown by Weft.
 *
 * <ul>
 * <li>{@link Kind#LOCK_ORDER}: two locks were taken in both orders (lockdep); the stack is where
 *     the inverted order was taken, and each suppressed diagnosis is where the other order was.
 * <li>{@link Kind#STALL}: a task step or callback held its loop past the stall threshold; the
 *     stack is the culprit's, taken while it held the loop.
 * <li>{@link Kind#SWALLOWED_CANCELLATION}: a cancelled task keeps waiting in a JDK call
 *     instead of unwinding; the stack is where it waits.
 * </ul>
 */
public final class Diagnosis extends RuntimeException {
    /** What was found. */
    public enum Kind { LOCK_ORDER, STALL, SWALLOWED_CANCELLATION }

    private final Kind kind;

    Diagnosis(Kind kind, String message, StackTraceElement[] stack) {
        super(message, null, true, true);
        this.kind = kind;
        setStackTrace(withoutDiagnostics(stack));
    }

    /** The stack from the first frame that is not diagnostics' own. */
    private static StackTraceElement[] withoutDiagnostics(StackTraceElement[] stack) {
        int from = 0;
        while (from < stack.length - 1 && stack[from].getClassName().startsWith(Diagnosis.class.getPackageName() + ".")
                && dev.weft.spi.UserFrames.isInternal(stack[from].getClassName())) {
            from++;
        }
        return java.util.Arrays.copyOfRange(stack, from, stack.length);
    }

    public Kind kind() {
        return kind;
    }
}
