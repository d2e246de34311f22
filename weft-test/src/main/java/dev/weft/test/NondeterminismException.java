package dev.weft.test;

/**
 * Thrown when a task inside a simulation waits on something the simulation does not control —
 * {@code Thread.sleep}, a real socket, a JDK lock or latch, a foreign thread, a
 * {@code Weft.toThread} body — so that the run could not be replayed from its seed. Its stack
 * trace is the waiting task's stack at the moment it was caught; wait through Weft instead
 * ({@code Weft.sleep}, {@code dev.weft.sync}, {@code dev.weft.net}).
 */
public class NondeterminismException extends RuntimeException {
    private final String task;

    NondeterminismException(String task, String what, StackTraceElement[] stack) {
        super(task + " " + what + ", outside the simulation's control: a replay of this seed could differ."
                + " Inside a simulation wait only through Weft (Weft.sleep, dev.weft.sync, dev.weft.net)."
                + " Its stack at that moment is this exception's stack trace.");
        this.task = task;
        setStackTrace(stack);
    }

    /** The task that leaked, as {@code task 'name'} or {@code thread 'name'}. */
    public String task() {
        return task;
    }
}
