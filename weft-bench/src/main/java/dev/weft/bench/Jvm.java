package dev.weft.bench;

import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * What every benchmark JVM of this module needs, and the reference scheduler the benchmarks
 * put Weft beside.
 *
 * <p>Weft's tasks are virtual threads built on a per-loop scheduler reached through
 * {@code java.lang} internals, so every forked JMH JVM runs with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}: each benchmark class says
 * {@code @Fork(jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})}.
 */
public final class Jvm {
    /** The flag, as its own argument. */
    public static final String ADD_OPENS = "--add-opens";
    /** The flag's value: open {@code java.lang} to the class path. */
    public static final String JAVA_LANG = "java.base/java.lang=ALL-UNNAMED";
    /** Gives the JDK's default virtual-thread scheduler one carrier, as the peers were measured. */
    public static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

    private Jvm() {}

    /**
     * The simplest possible event loop for virtual threads: {@link #execute} appends to an
     * {@link ArrayDeque}, {@link #runUntilEmpty} drains it on the calling thread. Only the thread
     * that drains it may call {@code execute}; that holds when every virtual thread built on it
     * wakes only its siblings (yield, park/unpark between them).
     */
    public static final class LoopExecutor implements Executor {
        private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            ready.add(r);
        }

        /** Runs continuations until none is ready. */
        public void runUntilEmpty() {
            Runnable r;
            while ((r = ready.poll()) != null) {
                r.run();
            }
        }
    }

    /**
     * A virtual-thread builder whose threads are scheduled by {@code scheduler}: the JDK's
     * {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}, reached by reflection
     * (needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}).
     */
    public static Thread.Builder.OfVirtual virtualThreadsOn(Executor scheduler) {
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> k = c.getDeclaredConstructor(Executor.class);
            k.setAccessible(true);
            return (Thread.Builder.OfVirtual) k.newInstance(scheduler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot build virtual threads on a custom scheduler: run the JVM with "
                            + ADD_OPENS + " " + JAVA_LANG, e);
        }
    }
}
