// Spawn time and memory of N idle Java tasks of the kinds Weft is built from.
//   javac --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -d OUT JavaSpawn.java
//   java -Xmx8g --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
//        -cp OUT JavaSpawn {cont|vt-custom|vt-default} N
// cont:       N continuations, each run once up to its first yield (a suspended stack and nothing else).
// vt-custom:  N virtual threads on a one-thread draining scheduler, each parked in LockSupport.park().
// vt-default: the same on the JDK's default scheduler.
// A warm-up pass of 10,000 first. Memory is read after the tasks are idle: heap after two full GCs,
// and VmRSS from /proc/self/status. Prints one line:
//   java-MODE n=N spawn_us/task=… heap_bytes/task=… rss_bytes/task=… wake+finish_us/task=… rss_total_MB=…
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

public class JavaSpawn {
    private static final ContinuationScope SCOPE = new ContinuationScope("spawn");
    private static volatile boolean released;

    /** A draining scheduler; execute() may come from other threads here (unpark from main), hence synchronized. */
    static final class DrainingExecutor implements Executor {
        private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
        @Override public synchronized void execute(Runnable r) { ready.add(r); }
        private synchronized Runnable next() { return ready.poll(); }
        void drain() { for (Runnable r; (r = next()) != null; ) r.run(); }
    }

    static long rssBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.split("\\s+")[1]) * 1024;
        }
        return -1;
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: JavaSpawn {cont|vt-custom|vt-default} N");
            System.exit(2);
        }
        measure(args[0], 10_000, false);
        measure(args[0], Integer.parseInt(args[1]), true);
    }

    static void measure(String mode, int n, boolean print) throws Exception {
        released = false;
        long heap0 = heapAfterGc(), rss0 = rssBytes();
        long t0 = System.nanoTime(), t1, heap1, rss1;
        Object[] idle = new Object[n];
        if (mode.equals("cont")) {
            Runnable body = () -> { while (!released) Continuation.yield(SCOPE); };
            for (int i = 0; i < n; i++) {
                Continuation c = new Continuation(SCOPE, body);
                c.run();
                idle[i] = c;
            }
            t1 = System.nanoTime();
            heap1 = heapAfterGc();
            rss1 = rssBytes();
            released = true;
            for (Object c : idle) ((Continuation) c).run();
        } else {
            DrainingExecutor loop = null;
            Thread.Builder.OfVirtual builder = Thread.ofVirtual();
            if (mode.equals("vt-custom")) {
                loop = new DrainingExecutor();
                Constructor<?> k = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                        .getDeclaredConstructor(Executor.class);
                k.setAccessible(true);
                builder = (Thread.Builder.OfVirtual) k.newInstance(loop);
            } else if (!mode.equals("vt-default")) {
                throw new IllegalArgumentException("unknown mode " + mode);
            }
            AtomicInteger parked = new AtomicInteger();
            Runnable body = () -> {
                parked.incrementAndGet();
                while (!released) LockSupport.park();
            };
            for (int i = 0; i < n; i++) idle[i] = builder.start(body);
            if (loop != null) loop.drain();
            while (parked.get() < n) Thread.onSpinWait();
            t1 = System.nanoTime();
            heap1 = heapAfterGc();
            rss1 = rssBytes();
            released = true;
            for (Object t : idle) LockSupport.unpark((Thread) t);
            if (loop != null) loop.drain();
            for (Object t : idle) ((Thread) t).join();
        }
        long t2 = System.nanoTime();
        if (print) {
            System.out.printf("java-%s n=%d spawn_us/task=%.2f heap_bytes/task=%.0f rss_bytes/task=%.0f "
                            + "wake+finish_us/task=%.2f rss_total_MB=%d%n",
                    mode, n, (t1 - t0) / 1e3 / n, (double) (heap1 - heap0) / n, (double) (rss1 - rss0) / n,
                    (t2 - t1) / 1e3 / n, rss1 >> 20);
        }
    }
}
