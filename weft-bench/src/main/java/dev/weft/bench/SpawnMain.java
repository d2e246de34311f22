package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Spawn time and memory of many idle tasks, measured the way the peers' spawn scripts measure
 * theirs (an asyncio task parked on {@code Event.wait()} is the reference), for the side-by-side
 * table of {@code run-peers.sh}.
 *
 * <pre>
 * java -Xmx8g --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar dev.weft.bench.SpawnMain [N]
 * </pre>
 *
 * <p>The root task spawns N tasks (default 1,000,000) that each wait on one {@code Event},
 * yields until every one is waiting, then reads the heap after two full GCs and the process's
 * RSS ({@code VmRSS} of {@code /proc/self/status}); it sets the event and joins them all.
 * A warm-up pass of 10,000 tasks runs first. Prints one line:
 * {@code weft n=… spawn_us/task=… heap_bytes/task=… rss_bytes/task=… wake+finish_us/task=… rss_total_MB=…}
 * where the per-task memory is the growth over the figures read just before spawning.
 */
public final class SpawnMain {
    private SpawnMain() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Weft.run(() -> measure(10_000, false));
        Weft.run(() -> measure(n, true));
    }

    private static Void measure(int n, boolean print) {
        long heap0 = heapAfterGc();
        long rss0 = rssBytes();
        Event go = new Event("go");
        int[] waiting = {0}; // tasks of one loop share plain fields between waiting points
        long t0 = System.nanoTime();
        Callable<Object> waiter = () -> {
            waiting[0]++;
            go.await();
            return null;
        };
        @SuppressWarnings("unchecked")
        Task<Object>[] tasks = new Task[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = Weft.spawn(waiter);
        }
        while (waiting[0] < n) {
            Weft.yieldNow();
        }
        long t1 = System.nanoTime();
        long heap1 = heapAfterGc();
        long rss1 = rssBytes();
        go.set();
        for (Task<Object> t : tasks) {
            t.join();
        }
        long t2 = System.nanoTime();
        if (print) {
            System.out.printf("weft n=%d spawn_us/task=%.2f heap_bytes/task=%.0f rss_bytes/task=%.0f "
                            + "wake+finish_us/task=%.2f rss_total_MB=%d%n",
                    n, (t1 - t0) / 1e3 / n, (double) (heap1 - heap0) / n, (double) (rss1 - rss0) / n,
                    (t2 - t1) / 1e3 / n, rss1 >> 20);
        }
        return null;
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.split("\\s+")[1]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }
}
