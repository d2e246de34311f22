// Switch cost of what Weft is built from: raw continuations and virtual threads.
//   javac --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -d OUT JavaSwitch.java
//   java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
//        -cp OUT JavaSwitch {cont|vt-custom|vt-default} TASKS ITERS [ROUNDS]
// cont:       TASKS jdk.internal.vm.Continuations, each yielding ITERS times, resumed round-robin by
//             a plain loop: the floor for any stackful task switch.
// vt-custom:  TASKS virtual threads doing Thread.yield() on a one-thread scheduler that drains an
//             ArrayDeque on the main thread: what a Weft loop does, minus Weft.
// vt-default: the same on the JDK's ForkJoinPool scheduler (run with
//             -Djdk.virtualThreadScheduler.parallelism=1 for one carrier).
// Two warm-up rounds, then ROUNDS (default 7). Prints one line:
//   java-MODE n=TASKS iters=ITERS ns/switch median=X min=Y max=Z
import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

public class JavaSwitch {
    private static final ContinuationScope SCOPE = new ContinuationScope("switch");

    /** Runs whatever it is given on the thread that calls drain(); execute() comes from that thread only. */
    static final class DrainingExecutor implements Executor {
        private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
        @Override public void execute(Runnable r) { ready.add(r); }
        void drain() { for (Runnable r; (r = ready.poll()) != null; ) r.run(); }
    }

    static Thread.Builder.OfVirtual builderOn(Executor scheduler) throws ReflectiveOperationException {
        Constructor<?> k = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                .getDeclaredConstructor(Executor.class);
        k.setAccessible(true);
        return (Thread.Builder.OfVirtual) k.newInstance(scheduler);
    }

    static long continuations(int tasks, int iters) {
        Continuation[] all = new Continuation[tasks];
        long t0 = System.nanoTime();
        for (int t = 0; t < tasks; t++) {
            all[t] = new Continuation(SCOPE, () -> { for (int i = 0; i < iters; i++) Continuation.yield(SCOPE); });
        }
        for (boolean anyLeft = true; anyLeft; ) {
            anyLeft = false;
            for (Continuation c : all) {
                if (!c.isDone()) { c.run(); anyLeft = true; }
            }
        }
        return System.nanoTime() - t0;
    }

    static long virtualThreads(Thread.Builder.OfVirtual builder, DrainingExecutor loop, int tasks, int iters)
            throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(tasks);
        Runnable body = () -> {
            for (int i = 0; i < iters; i++) Thread.yield();
            finished.countDown();
        };
        long t0 = System.nanoTime();
        for (int t = 0; t < tasks; t++) builder.start(body);
        if (loop != null) loop.drain();
        finished.await();
        return System.nanoTime() - t0;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: JavaSwitch {cont|vt-custom|vt-default} TASKS ITERS [ROUNDS]");
            System.exit(2);
        }
        String mode = args[0];
        int tasks = Integer.parseInt(args[1]), iters = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        double[] perSwitch = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            long ns = switch (mode) {
                case "cont" -> continuations(tasks, iters);
                case "vt-custom" -> {
                    DrainingExecutor loop = new DrainingExecutor();
                    yield virtualThreads(builderOn(loop), loop, tasks, iters);
                }
                case "vt-default" -> virtualThreads(Thread.ofVirtual(), null, tasks, iters);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            };
            if (r >= 0) perSwitch[r] = (double) ns / ((long) tasks * iters);
        }
        Arrays.sort(perSwitch);
        System.out.printf("java-%s n=%d iters=%d ns/switch median=%.1f min=%.1f max=%.1f%n",
                mode, tasks, iters, perSwitch[rounds / 2], perSwitch[0], perSwitch[rounds - 1]);
    }
}
