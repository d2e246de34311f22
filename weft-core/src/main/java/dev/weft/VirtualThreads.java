package dev.weft;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * The one place Weft reaches into {@code java.lang}: it builds virtual threads whose scheduler
 * is a given {@link Executor} and reads that scheduler back from a thread.
 *
 * <p>Weft gives every task's virtual thread the task itself as its scheduler, so a wake-up
 * lands on the right loop with the right task attached, and {@code Weft.currentTask()} costs
 * one field read. Both need {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it,
 * {@link #unavailable()} says so in one line.
 */
final class VirtualThreads {
    static final String FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";

    private static final Class<?> VIRTUAL_THREAD;
    private static final MethodHandle NEW_THREAD;
    private static final VarHandle SCHEDULER;
    private static final String PROBLEM;

    static {
        Class<?> type = null;
        MethodHandle constructor = null;
        VarHandle scheduler = null;
        String problem = null;
        try {
            type = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            constructor = lookup.findConstructor(type,
                            MethodType.methodType(void.class, Executor.class, String.class, int.class, Runnable.class))
                    .asType(MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
            scheduler = lookup.findVarHandle(type, "scheduler", Executor.class);
        } catch (IllegalAccessException e) {
            problem = "Weft runs tasks as virtual threads on its own loops and needs the JVM option "
                    + FLAG + " (the ./weft launcher and Weft's build pass it; add it to your java command)";
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "this JVM's virtual threads cannot be given a scheduler (" + e
                    + "); Weft needs JDK 25 with " + FLAG;
        }
        VIRTUAL_THREAD = type;
        NEW_THREAD = constructor;
        SCHEDULER = scheduler;
        PROBLEM = problem;
    }

    private VirtualThreads() {
    }

    /** Why Weft cannot run here, or null if it can. */
    static String unavailable() {
        return PROBLEM;
    }

    /** Fails with a one-line message if Weft cannot build its threads in this JVM. */
    static void requireAvailable() {
        if (PROBLEM != null) {
            IllegalStateException e = new IllegalStateException(PROBLEM);
            e.setStackTrace(new StackTraceElement[0]);
            throw e;
        }
    }

    /** An unstarted virtual thread that asks {@code scheduler} to run it whenever it is ready. */
    static Thread newThread(Executor scheduler, String name, Runnable body) {
        requireAvailable();
        try {
            return (Thread) NEW_THREAD.invokeExact(scheduler, name, 0, body);
        } catch (Throwable e) {
            throw new IllegalStateException("could not create a virtual thread for " + name, e);
        }
    }

    /** The scheduler of {@code thread} if it is a virtual thread, else null. */
    static Executor schedulerOf(Thread thread) {
        if (SCHEDULER == null || thread.getClass() != VIRTUAL_THREAD) {
            return null;
        }
        return (Executor) SCHEDULER.get(thread);
    }
}
