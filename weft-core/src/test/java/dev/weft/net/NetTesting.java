package dev.weft.net;

import java.io.File;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Helpers for the net tests: descriptor counts, waiting for a condition on the real clock. */
final class NetTesting {
    private NetTesting() {
    }

    static {
        // The JDK opens a few descriptors once per process on first use of NIO sockets and
        // selectors (the dispatcher's pre-close socket, for one); open them before any count.
        try (java.nio.channels.Selector s = java.nio.channels.Selector.open();
             java.nio.channels.ServerSocketChannel l = java.nio.channels.ServerSocketChannel.open();
             java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open()) {
            l.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            c.connect(l.getLocalAddress());
            l.accept().close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Open file descriptors of this JVM (Linux), or -1 where /proc is not there. */
    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Waits (a plain thread, or a task through Weft.sleep) until {@code condition} holds; false after {@code max}. */
    static boolean eventually(Duration max, BooleanSupplier condition) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                dev.weft.Weft.sleep(Duration.ofMillis(10));
            } catch (IllegalStateException e) {
                return false;
            }
        }
        return true;
    }

    /** Asserts the descriptor count comes back to {@code before} (allowing a moment for deferred closes). */
    static void assertNoFdLeak(int before) {
        if (before < 0) {
            return;
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int now = openFds();
        while (now > before && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = openFds();
        }
        org.assertj.core.api.Assertions.assertThat(now).as("open file descriptors (before: %d)", before)
                .isLessThanOrEqualTo(before);
    }
}
