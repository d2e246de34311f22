package dev.weft.net;

import dev.weft.TimedOutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that misbehave against a server on one loop. After each fault: no descriptor leaked
 * (counted in /proc/self/fd after the loop closed), a client connected before the fault and a
 * fresh one are both still served, and every failure reached the failure handler. Clients are
 * plain blocking JDK sockets on the test thread, each with a read timeout.
 */
@Timeout(60)
class NetFaultTest {
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final AtomicLong mostQueued = new AtomicLong();
    private final CountDownLatch inRead = new CountDownLatch(1);
    private LoopGroup loops;
    private int fdsBefore;

    @BeforeEach
    void startLoop() {
        fdsBefore = NetTesting.openFds();
        loops = LoopGroup.open(1);
    }

    @AfterEach
    void stopLoop() {
        loops.close();
        NetTesting.assertNoFdLeak(fdsBefore);
    }

    private TcpServer serve(TcpStream.Options streamOptions) {
        return TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), this::lines,
                TcpServer.Options.defaults().withLoops(loops).withGracePeriod(Duration.ofMillis(200))
                        .withStreamOptions(streamOptions)
                        .withFailureHandler((what, e) -> reported.add(e.getClass().getSimpleName() + ": " + what)));
    }

    private TcpServer serve() {
        return serve(TcpStream.Options.defaults());
    }

    /**
     * The handler every fault meets. Per line: {@code need N} reads N more bytes, {@code send N}
     * writes N bytes with drain, {@code flood} writes until the peer breaks, {@code boom} throws;
     * then (or for any other line) it answers {@code ok LINE}.
     */
    private void lines(TcpStream s) {
        String line;
        while ((line = s.readLine()) != null) {
            if (line.startsWith("need ")) {
                inRead.countDown();
                s.readExactly(Integer.parseInt(line.substring(5)));
            } else if (line.startsWith("send ")) {
                sendDraining(s, Long.parseLong(line.substring(5)));
            } else if (line.equals("flood")) {
                sendDraining(s, Long.MAX_VALUE);
            } else if (line.equals("boom")) {
                throw new IllegalStateException("the handler gave up on purpose");
            }
            s.write(("ok " + line + "\n").getBytes(UTF_8));
            s.drain();
        }
    }

    private void sendDraining(TcpStream s, long total) {
        byte[] chunk = new byte[32 * 1024];
        for (long sent = 0; sent < total; sent += chunk.length) {
            s.write(chunk, 0, (int) Math.min(chunk.length, total - sent));
            mostQueued.accumulateAndGet(s.statistics().queued(), Math::max);
            s.drain();
        }
    }

    /** A client that talks before and after a fault: proof that the fault disturbed no one else. */
    private static final class Bystander implements AutoCloseable {
        private final Socket socket;

        Bystander(TcpServer server) throws IOException {
            socket = open(server);
            check("before");
        }

        void check(String word) throws IOException {
            assertThat(ask(socket, word)).isEqualTo("ok " + word);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Socket open(TcpServer server) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends one line and reads the one-line answer. */
    private static String ask(Socket s, String line) throws IOException {
        s.getOutputStream().write((line + "\n").getBytes(UTF_8));
        StringBuilder b = new StringBuilder();
        InputStream in = s.getInputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the server closed after \"" + b + "\"");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** After a fault: the bystander and a new client are served, and only the bystander is left connected. */
    private static void assertEveryoneElseServed(TcpServer server, Bystander bystander) throws IOException {
        bystander.check("after");
        try (Socket fresh = open(server)) {
            assertThat(ask(fresh, "fresh")).isEqualTo("ok fresh");
        }
        assertThat(NetTesting.eventually(Duration.ofSeconds(5), () -> server.connectionCount() == 1))
                .as("connections left: only the bystander's").isTrue();
    }

    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);   // close with RST: the client vanishes
        s.close();
    }

    @Test
    void aClientThatVanishesMidReadIsReportedAsBroken() throws Exception {
        try (TcpServer server = serve(); Bystander bystander = new Bystander(server)) {
            Socket s = open(server);
            s.getOutputStream().write("need 1000\n0123456789".getBytes(UTF_8));
            assertThat(inRead.await(10, TimeUnit.SECONDS)).isTrue();
            s.close();   // a clean FIN, 990 bytes short
            assertThat(NetTesting.eventually(Duration.ofSeconds(5), () -> server.failures() == 1)).isTrue();
            Socket r = open(server);
            r.getOutputStream().write("need 1000\n0123".getBytes(UTF_8));
            reset(r);    // a reset while the handler waits for the rest
            assertThat(NetTesting.eventually(Duration.ofSeconds(5), () -> server.failures() == 2)).isTrue();
            assertEveryoneElseServed(server, bystander);
        }
        assertThat(reported).hasSize(2).allSatisfy(r -> assertThat(r).startsWith("BrokenResourceException"));
    }

    @Test
    void aClientThatVanishesMidWriteIsReportedAsBroken() throws Exception {
        try (TcpServer server = serve(); Bystander bystander = new Bystander(server)) {
            Socket s = open(server);
            s.getOutputStream().write("flood\n".getBytes(UTF_8));
            assertThat(s.getInputStream().readNBytes(300_000)).hasSize(300_000);
            reset(s);    // vanish while the server writes
            assertThat(NetTesting.eventually(Duration.ofSeconds(5), () -> server.failures() == 1)).isTrue();
            assertEveryoneElseServed(server, bystander);
        }
        assertThat(reported).singleElement().asString().startsWith("BrokenResourceException");
    }

    @RepeatedTest(10)
    void aPeerThatLeftBeforeTheLastBytesWentIsNoFailureOfTheHandler() throws Exception {
        TcpServer.Options options = TcpServer.Options.defaults().withLoops(loops)
                .withFailureHandler((what, e) -> reported.add(e.getClass().getSimpleName() + ": " + what));
        try (TcpServer server = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), s -> {
            s.readLine();
            if (s.readLine() == null) {
                // more than loopback's buffers hold: the rest waits for the server's last flush,
                // by when the peer, gone, has answered with a reset
                s.write(new byte[16 << 20]);
            }
        }, options)) {
            try (Socket c = open(server)) {
                c.getOutputStream().write("bye\n".getBytes(UTF_8));
            }
            assertThat(NetTesting.eventually(Duration.ofSeconds(10),
                    () -> server.acceptedCount() == 1 && server.connectionCount() == 0)).isTrue();
            assertThat(server.failures()).isZero();
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void aHalfClosedClientStillGetsEveryAnswer() throws Exception {
        try (TcpServer server = serve(); Bystander bystander = new Bystander(server); Socket s = open(server)) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 100; i++) {
                out.write(("line " + i + "\n").getBytes(UTF_8));
            }
            s.shutdownOutput();
            String all = new String(s.getInputStream().readAllBytes(), UTF_8);
            assertThat(all.lines()).hasSize(100).first().isEqualTo("ok line 0");
            assertThat(all.lines()).last().isEqualTo("ok line 99");
            s.close();
            assertEveryoneElseServed(server, bystander);
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void aSlowReaderHoldsTheWriterAndItsQueueStaysFlat() throws Exception {
        long total = 16L << 20;
        try (TcpServer server = serve(); Bystander bystander = new Bystander(server); Socket s = open(server)) {
            s.getOutputStream().write(("send " + total + "\n").getBytes(UTF_8));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            long got = 0;
            int reads = 0;
            while (got < total) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, total - got));
                assertThat(n).as("bytes after %d", got).isPositive();
                got += n;
                if (++reads % 32 == 0) {
                    Thread.sleep(1);   // the slow reader: pacing is the behaviour under test
                }
                if (reads == 512) {
                    bystander.check("meanwhile");   // the writer waits in drain, the loop serves others
                }
            }
            assertThat(ask(s, "done")).isEqualTo("ok send " + total);
            assertThat(ask(s, "done")).isEqualTo("ok done");
            s.close();
            assertEveryoneElseServed(server, bystander);
        }
        assertThat(mostQueued.get()).as("bytes queued at most: near the high-water mark, not the 16 MiB sent")
                .isLessThanOrEqualTo(64 * 1024 + 32 * 1024);
        assertThat(reported).isEmpty();
    }

    @Test
    void aHandlerThatThrowsIsReportedAndItsConnectionClosed() throws Exception {
        try (TcpServer server = serve(); Bystander bystander = new Bystander(server); Socket s = open(server)) {
            s.getOutputStream().write("boom\n".getBytes(UTF_8));
            assertThat(s.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
            s.close();
            assertThat(NetTesting.eventually(Duration.ofSeconds(5), () -> server.failures() == 1)).isTrue();
            assertEveryoneElseServed(server, bystander);
        }
        assertThat(reported).singleElement().asString().startsWith("IllegalStateException");
    }

    @Test
    void anIdleClientIsCutOffByTheIdleTimeoutAndReported() throws Exception {
        TcpStream.Options idle = TcpStream.Options.defaults().withIdleTimeout(Duration.ofMillis(200));
        try (TcpServer server = serve(idle); Socket s = open(server)) {
            s.getOutputStream().write("half a li".getBytes(UTF_8));
            assertThat(s.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
            s.close();
            assertThat(NetTesting.eventually(Duration.ofSeconds(5), () -> server.failures() == 1)).isTrue();
            try (Socket fresh = open(server)) {
                assertThat(ask(fresh, "quick")).isEqualTo("ok quick");
            }
        }
        assertThat(reported).singleElement().asString().startsWith(TimedOutException.class.getSimpleName());
    }

    @RepeatedTest(3)
    void manyFaultsInARowLeakNothing() throws Exception {
        try (TcpServer server = serve(); Bystander bystander = new Bystander(server)) {
            for (int i = 0; i < 60; i++) {
                Socket s = open(server);
                switch (i % 4) {
                    case 0 -> s.close();                                   // connect and leave
                    case 1 -> {
                        s.getOutputStream().write("need 50\nabc".getBytes(UTF_8));
                        reset(s);                                          // vanish mid-read
                    }
                    case 2 -> {
                        s.getOutputStream().write("flood\n".getBytes(UTF_8));
                        s.getInputStream().readNBytes(1000);
                        reset(s);                                          // vanish mid-write
                    }
                    default -> {
                        s.getOutputStream().write("half a line".getBytes(UTF_8));
                        s.shutdownOutput();                                // end mid-line
                        assertThat(new String(s.getInputStream().readAllBytes(), UTF_8)).isEqualTo("ok half a line\n");
                        s.close();
                    }
                }
            }
            assertEveryoneElseServed(server, bystander);
            assertThat(server.failures()).as("one per vanished client").isEqualTo(30);
        }
        assertThat(reported).hasSize(30).allSatisfy(r -> assertThat(r).startsWith("BrokenResourceException"));
    }

    @Test
    void closingAServerCancelsIdleHandlersAndLeavesNoDescriptors() throws Exception {
        TcpServer server = serve();
        Socket[] idle = new Socket[20];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = open(server);
        }
        assertThat(NetTesting.eventually(Duration.ofSeconds(5), () -> server.connectionCount() == 20)).isTrue();
        server.close();   // 200 ms of grace, then the idle handlers are cancelled
        assertThat(server.connectionCount()).isZero();
        for (Socket s : idle) {
            assertThat(s.getInputStream().read()).as("the server closed its side").isEqualTo(-1);
            s.close();
        }
        assertThat(reported).as("cancellation is not a failure").isEmpty();
    }
}
