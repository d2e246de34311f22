package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Queue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Task-switch cost measured the way the peers' switch scripts measure theirs, for the
 * side-by-side table of {@code run-peers.sh}.
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar dev.weft.bench.SwitchMain \
 *      [yield|pingpong] TASKS ITERS [ROUNDS]
 * </pre>
 *
 * <ul>
 *   <li>{@code yield}: TASKS tasks each call {@code Weft.yieldNow()} ITERS times; the clock runs
 *       inside the root task from before the first spawn to after the last join, as the Python
 *       script times {@code gather} of its workers.
 *   <li>{@code pingpong}: two tasks hand a token back and forth ITERS times through two
 *       {@code Queue}s of capacity 1 (TASKS is ignored); one switch is one hand-off.
 * </ul>
 *
 * <p>Two warm-up rounds, then ROUNDS (default 7) measured ones, each in a fresh
 * {@code Weft.run}; prints one line: {@code weft-MODE n=… iters=… ns/switch median=… min=… max=…}.
 */
public final class SwitchMain {
    private SwitchMain() {}

    public static void main(String[] args) {
        int at = 0;
        String mode = "yield";
        if (args.length > 0 && !Character.isDigit(args[0].charAt(0))) {
            mode = args[at++];
        }
        if (args.length - at < 2) {
            System.err.println("usage: SwitchMain [yield|pingpong] TASKS ITERS [ROUNDS]");
            System.exit(2);
        }
        int tasks = Integer.parseInt(args[at++]);
        int iters = Integer.parseInt(args[at++]);
        int rounds = args.length > at ? Integer.parseInt(args[at]) : 7;

        double[] nsPerSwitch = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            long ns;
            long switches;
            switch (mode) {
                case "yield" -> {
                    ns = Weft.run(() -> yieldRound(tasks, iters));
                    switches = (long) tasks * iters;
                }
                case "pingpong" -> {
                    ns = Weft.run(() -> pingPongRound(iters));
                    switches = 2L * iters;
                }
                default -> throw new IllegalArgumentException("unknown mode " + mode + " (yield|pingpong)");
            }
            if (r >= 0) {
                nsPerSwitch[r] = (double) ns / switches;
            }
        }
        Arrays.sort(nsPerSwitch);
        System.out.printf("weft-%s n=%d iters=%d ns/switch median=%.1f min=%.1f max=%.1f%n",
                mode, mode.equals("yield") ? tasks : 2, iters,
                nsPerSwitch[rounds / 2], nsPerSwitch[0], nsPerSwitch[rounds - 1]);
    }

    private static long yieldRound(int tasks, int iters) {
        long t0 = System.nanoTime();
        List<Task<Object>> spawned = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            spawned.add(Weft.spawn(() -> {
                for (int i = 0; i < iters; i++) {
                    Weft.yieldNow();
                }
                return null;
            }));
        }
        for (Task<Object> t : spawned) {
            t.join();
        }
        return System.nanoTime() - t0;
    }

    private static long pingPongRound(int roundTrips) {
        Queue<Integer> ping = new Queue<>("ping", 1);
        Queue<Integer> pong = new Queue<>("pong", 1);
        long t0 = System.nanoTime();
        Task<Object> echo = Weft.spawn("echo", () -> {
            for (int i = 0; i < roundTrips; i++) {
                pong.put(ping.take());
            }
            return null;
        });
        Integer token = 1;
        for (int i = 0; i < roundTrips; i++) {
            ping.put(token);
            token = pong.take();
        }
        echo.join();
        return System.nanoTime() - t0;
    }
}
