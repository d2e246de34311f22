package dev.weft.net;

import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class TcpStreamTest {

    /** Echoes every byte until the peer shuts down its output. */
    static void echo(TcpStream s) {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (s.read(buf.clear()) >= 0) {
            s.write(buf.flip());
            s.drain();
        }
    }

    @Test
    void echoesBytesBetweenTwoTasksOfOneLoop() {
        int fds = NetTesting.openFds();
        String got = Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, TcpStreamTest::echo);
                 TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                c.write("hello\nworld\n".getBytes(UTF_8));
                return c.readLine() + "|" + c.readLine();
            }
        });
        assertThat(got).isEqualTo("hello|world");
        NetTesting.assertNoFdLeak(fds);
    }

    @Test
    void readExactlyReadUntilAndReadLineShareOneBuffer() {
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, s -> {
                s.write("abcdefXYZline one\r\nlast".getBytes(UTF_8));
                s.shutdownOutput();
                s.readLine();
            }); TcpStream c = TcpStream.connect("localhost", server.port())) {
                assertThat(new String(c.readExactly(3), UTF_8)).isEqualTo("abc");
                assertThat(new String(c.readUntil("XYZ".getBytes(UTF_8), 100), UTF_8)).isEqualTo("defXYZ");
                assertThat(c.readLine()).isEqualTo("line one");
                assertThat(c.readLine()).as("the last line lacks its ending").isEqualTo("last");
                assertThat(c.readLine()).isNull();
                assertThat(c.read(ByteBuffer.allocate(4))).isEqualTo(-1);
                assertThat(c.atEnd()).isTrue();
                c.write("bye\n".getBytes(UTF_8));
            }
            return null;
        });
    }

    @Test
    void aLineLongerThanTheLimitEndsInLimitExceededNotUnboundedMemory() {
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, s -> {
                byte[] junk = new byte[1 << 20];
                Arrays.fill(junk, (byte) 'x');
                s.write(junk);
                s.flush();
            }); TcpStream c = TcpStream.connect("127.0.0.1", server.port(),
                    TcpStream.Options.defaults().withLineLimit(1000))) {
                assertThatThrownBy(c::readLine).isInstanceOf(LimitExceededException.class)
                        .hasMessageContaining("1000 bytes");
                assertThat(c.statistics().buffered()).isLessThanOrEqualTo(16 * 1024);
                assertThatThrownBy(() -> c.readUntil(new byte[] {'!'}, 10)).isInstanceOf(LimitExceededException.class);
            }
            return null;
        });
    }

    @Test
    void readExactlyFailsAsBrokenWhenThePeerEndsEarly() {
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, s -> s.write(new byte[5]));
                 TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                assertThatThrownBy(() -> c.readExactly(10)).isInstanceOf(BrokenResourceException.class)
                        .hasMessageContaining("5 of the 10");
                assertThat(c.readExactly(5)).hasSize(5);
            }
            return null;
        });
    }

    @Test
    void aReadTimesOutWithTimedOutException() {
        Weft.run(() -> {
            Event done = new Event();
            try (TcpServer server = TcpServer.start(0, s -> done.await());
                 TcpStream c = TcpStream.connect("127.0.0.1", server.port(),
                         TcpStream.Options.defaults().withReadTimeout(Duration.ofMillis(50)))) {
                long t0 = System.nanoTime();
                assertThatThrownBy(c::readLine).isInstanceOf(TimedOutException.class);
                assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
                c.setReadTimeout(null);
                c.setIdleTimeout(Duration.ofMillis(30));
                assertThatThrownBy(() -> c.readExactly(1)).isInstanceOf(TimedOutException.class)
                        .hasStackTraceContaining("idle timeout");
                done.set();
            }
            return null;
        });
    }

    @Test
    void aCancelledReaderLeavesAndTheStreamStaysUsable() {
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, TcpStreamTest::echo);
                 TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                Task<String> reader = Weft.spawn(c::readLine);
                Weft.sleep(Duration.ofMillis(20));
                reader.cancel();
                assertThatThrownBy(reader::join).isInstanceOf(CancellationException.class);
                c.write("still here\n".getBytes(UTF_8));
                assertThat(c.readLine()).isEqualTo("still here");
                assertThat(Weft.withTimeout(Duration.ofMillis(20), () -> {
                    try {
                        return c.readLine();
                    } catch (CancellationException e) {
                        return "timed out";
                    }
                })).isEqualTo("timed out");
                c.write("and again\n".getBytes(UTF_8));
                assertThat(c.readLine()).as("a timeout scope around a read does not close the stream")
                        .isEqualTo("and again");
            }
            return null;
        });
    }

    @Test
    void closingAStreamWakesItsReaderWithClosedResource() {
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, TcpStreamTest::echo)) {
                TcpStream c = TcpStream.connect("127.0.0.1", server.port());
                Task<String> reader = Weft.spawn(c::readLine);
                Weft.sleep(Duration.ofMillis(10));
                c.close();
                assertThatThrownBy(reader::join).isInstanceOf(ClosedResourceException.class);
                assertThatThrownBy(() -> c.write(new byte[1])).isInstanceOf(ClosedResourceException.class);
            }
            return null;
        });
    }

    @Test
    void aRefusedConnectionIsBroken() {
        int port = Weft.run(() -> {
            TcpServer s = TcpServer.start(0, x -> { });
            int p = s.port();
            s.close();
            return p;
        });
        Weft.run(() -> {
            assertThatThrownBy(() -> TcpStream.connect("127.0.0.1", port)).isInstanceOf(BrokenResourceException.class)
                    .hasMessageContaining("cannot connect");
            return null;
        });
        assertThatThrownBy(() -> TcpStream.connect("127.0.0.1", port)).isInstanceOf(BrokenResourceException.class);
    }

    @Test
    void aPlainThreadConnectsAndBlocks() throws Exception {
        try (LoopGroup loops = LoopGroup.open(1);
             TcpServer server = TcpServer.start(null, TcpStreamTest::echo,
                     TcpServer.Options.defaults().withLoops(loops));
             TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
            byte[] big = new byte[300_000];
            new Random(1).nextBytes(big);
            Thread writer = Thread.ofPlatform().start(() -> {
                c.write(big);
                c.shutdownOutput();
            });
            byte[] back = c.readExactly(big.length);
            writer.join();
            assertThat(back).isEqualTo(big);
            assertThat(c.readLine()).isNull();
        }
    }

    @Test
    void unixDomainSocketsHaveTheSameApi(@TempDir Path dir) {
        Path sock = dir.resolve("echo.sock");
        Weft.run(() -> {
            try (TcpServer server = TcpServer.startUnix(sock, TcpStreamTest::echo);
                 TcpStream c = TcpStream.connectUnix(sock)) {
                c.write("over a unix socket\n".getBytes(UTF_8));
                assertThat(c.readLine()).isEqualTo("over a unix socket");
            }
            return null;
        });
        assertThat(sock).doesNotExist();
    }

    @Test
    void drainHoldsTheWriterWhileTheReaderIsSlowSoTheQueueStaysBounded() {
        int high = 64 * 1024;
        Weft.run(() -> {
            List<Long> maxQueued = new ArrayList<>();
            long total = 32L << 20;
            try (TcpServer server = TcpServer.start(0, s -> {
                byte[] chunk = new byte[16 * 1024];
                long max = 0;
                for (long sent = 0; sent < total; sent += chunk.length) {
                    s.write(chunk);
                    max = Math.max(max, s.statistics().queued());
                    s.drain();
                }
                s.shutdownOutput();
                maxQueued.add(max);
            }); TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                ByteBuffer b = ByteBuffer.allocate(64 * 1024);
                long got = 0;
                int n;
                int reads = 0;
                while ((n = c.read(b.clear())) >= 0) {
                    got += n;
                    if (++reads % 64 == 0) {
                        Weft.sleep(Duration.ofMillis(1));   // a slow reader
                    }
                }
                assertThat(got).isEqualTo(total);
            }
            assertThat(maxQueued.getFirst()).as("bytes queued at most").isLessThanOrEqualTo(high + 16 * 1024);
            return null;
        });
    }

    @Test
    void aStreamWaitsOnItsLoopsOwnSelector() {
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, TcpStreamTest::echo)) {
                int before = Weft.loop().selector().keys().size();
                try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                    c.write("x\n".getBytes(UTF_8));
                    assertThat(c.readLine()).isEqualTo("x");
                    assertThat(Weft.loop().selector().keys().size())
                            .as("the client's and the accepted connection's channels, on this loop's selector")
                            .isEqualTo(before + 2);
                }
            }
            return null;
        });
    }

    @Test
    void readExactlyPastTheReadLimitIsRefusedBeforeAnyByteIsBuffered() {
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, TcpStreamTest::echo);
                 TcpStream c = TcpStream.connect("127.0.0.1", server.port(),
                         TcpStream.Options.defaults().withLineLimit(1024).withMaxRead(4096))) {
                assertThatThrownBy(() -> c.readExactly(4097)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("withMaxRead");
                assertThatThrownBy(() -> c.readUntil(new byte[] {'\n'}, 5000))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(c.statistics().buffered()).isZero();
                c.write("still fine\n".getBytes(UTF_8));
                assertThat(c.readLine()).isEqualTo("still fine");
            }
            return null;
        });
    }
}
