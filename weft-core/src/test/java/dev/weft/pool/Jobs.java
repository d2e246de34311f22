package dev.weft.pool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Job bodies the tests send to pools: static, so that the lambdas calling them capture no test instance. */
final class Jobs {
    /** Set by a worker initializer in the tests that have one. */
    static volatile String greeting = "not initialized";

    private Jobs() {
    }

    /** Blocks until interrupted or killed: a job that never ends by itself. */
    static String blockForever() throws InterruptedException {
        new CountDownLatch(1).await();
        throw new AssertionError("unreachable");
    }

    /** {@link #blockForever()} for a map function, which may not throw checked exceptions. */
    static int blockUntilInterrupted() {
        try {
            blockForever();
        } catch (InterruptedException e) {
            throw new java.util.concurrent.CancellationException("interrupted");
        }
        return 0;
    }

    /** Marks slot {@code slot} of the beacon {@code beacon} with this process's pid, then blocks forever. */
    static String announceAndBlock(String beacon, int slot) throws InterruptedException {
        Beacon.mark(beacon, slot, pid());
        return blockForever();
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    /** Sum of the squares of 1..n, the slow way: a little CPU work with a known answer. */
    static long sumOfSquares(int n) {
        long s = 0;
        for (int i = 1; i <= n; i++) {
            s += (long) i * i;
        }
        return s;
    }

    static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** Prints a line to stderr, then ends this process with {@code status}. */
    static int exitWith(int status) {
        System.err.println("about to exit with " + status);
        System.err.flush();
        Runtime.getRuntime().halt(status);
        return 0;
    }

    /** Has this process killed with SIGKILL by someone other than its pool: {@code kill -9} on itself. */
    static int killNineMyself() throws IOException, InterruptedException {
        System.err.println("sending myself SIGKILL");
        new ProcessBuilder("kill", "-9", Long.toString(pid())).inheritIO().start().waitFor();
        return blockForeverInt();
    }

    private static int blockForeverInt() throws InterruptedException {
        blockForever();
        return 0;
    }

    /** Allocates until the heap is full. */
    static int exhaustHeap() {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }
}
