package dev.weft.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 10,000 connections open at once to one loop, each echoing random messages byte for byte.
 * The clients run in a child JVM ({@link EchoSwarm}), so each process needs one descriptor per
 * connection, not two. The JVM raises its soft descriptor limit to the hard one at start; where
 * the hard limit is below 10,300 the test runs with as many connections as it allows (and says
 * so), and below 1,300 it is skipped.
 */
@Timeout(120)
class ManyConnectionsTest {
    static final int WANTED = Integer.getInteger("weft.net.connections", 10_000);
    static final int SPARE_FDS = 300;

    @Test
    void tenThousandConnectionsToOneLoopEchoRandomMessagesByteForByte() throws Exception {
        long limit = fdLimit();
        int conns = limit < 0 ? WANTED : (int) Math.min(WANTED, limit - SPARE_FDS);
        assumeTrue(conns >= 1000, "needs at least 1,300 descriptors per process, the limit is " + limit);
        if (conns < WANTED) {
            System.err.println("ManyConnectionsTest: the descriptor limit " + limit + " allows " + conns
                    + " connections, not " + WANTED);
        }
        int fds = NetTesting.openFds();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (LoopGroup loop = LoopGroup.open(1);
             TcpServer server = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), s -> {
                 most.accumulateAndGet(open.incrementAndGet(), Math::max);
                 try {
                     ByteBuffer b = ByteBuffer.allocate(4096);
                     while (s.read(b.clear()) >= 0) {
                         s.write(b.flip());
                         s.drain();
                     }
                 } finally {
                     open.decrementAndGet();
                 }
             }, TcpServer.Options.defaults().withLoops(loop).withMaxConnections(conns).withBacklog(4096))) {
            String java = ProcessHandle.current().info().command().orElse("java");
            // The swarm is a load generator: the stall watchdog's reports of its busy loop are noise on
            // a loaded machine, and would land in the output the test reads.
            List<String> cmd = List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "-Dweft.diagnostics=off", "-Xss256k", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    EchoSwarm.class.getName(), String.valueOf(server.port()), String.valueOf(conns), "5", "42");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (var in = p.getInputStream()) {
                boolean ended = p.waitFor(100, TimeUnit.SECONDS);
                if (!ended) {
                    p.destroyForcibly();
                }
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(ended).as("the client swarm ended in time").isTrue();
            }
            assertThat(out).as(out).startsWith("OK " + conns + " ");
            assertThat(p.exitValue()).isZero();
            assertThat(most.get()).as("handlers running at once").isEqualTo(conns);
            assertThat(server.acceptedCount()).isEqualTo(conns);
            assertThat(server.failures()).isZero();
        }
        NetTesting.assertNoFdLeak(fds);
    }

    /** The hard limit on open files (the JVM lifts its soft limit to it), or -1 if unknown. */
    static long fdLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String hard = line.substring(26).trim().split("\\s+")[1];
                    return hard.equals("unlimited") ? -1 : Long.parseLong(hard);
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
