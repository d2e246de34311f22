package dev.weft.spi;

/**
 * Finds, in a stack, the frame the user wrote: the first one outside Weft's own packages and the
 * JDK. Reports use it to say where a task began to wait or was spawned. Weft's examples and
 * tests (classes whose names end in {@code Test}) count as user code.
 */
public final class UserFrames {
    private UserFrames() {
    }

    /** The first user frame of {@code stack}, or its top frame if none is; null for an empty stack. */
    public static StackTraceElement first(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (!isInternal(f.getClassName())) {
                return f;
            }
        }
        return stack.length == 0 ? null : stack[0];
    }

    /** The first user frame of the calling thread. */
    public static StackTraceElement caller() {
        return first(new Throwable().getStackTrace());
    }

    /** True for Weft's own runtime classes and the JDK's. */
    public static boolean isInternal(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")) {
            return true;
        }
        return className.startsWith("dev.weft.") && !className.startsWith("dev.weft.examples.") && !isTest(className);
    }

    private static boolean isTest(String className) {
        int dollar = className.indexOf('$');
        String outer = dollar < 0 ? className : className.substring(0, dollar);
        return outer.endsWith("Test") || outer.endsWith("Tests");
    }
}
