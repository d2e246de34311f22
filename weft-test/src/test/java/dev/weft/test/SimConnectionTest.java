package dev.weft.test;

import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.net.BrokenResourceException;
import dev.weft.net.ClosedResourceException;
import dev.weft.net.LimitExceededException;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A simulated connection keeps every semantic of a real stream: limits, timeouts, half-close,
 * back-pressure, errors. The tests that need nothing of the simulation run the same body on
 * real sockets too, and must see the same.
 */
@Timeout(60)
class SimConnectionTest {

    /** Where a test body runs: on real loopback sockets, or on the simulated network. */
    enum Net {
        REAL {
            @Override
            <T> T run(Callable<T> body) {
                return Weft.run(body);
            }
        },
        SIMULATED {
            @Override
            <T> T run(Callable<T> body) {
                return Simulation.run(7, body);
            }
        };

        abstract <T> T run(Callable<T> body);
    }

    @ParameterizedTest
    @EnumSource(Net.class)
    void readExactlyReadUntilAndReadLineShareOneBufferAcrossSegments(Net net) {
        net.run(() -> {
            if (Simulation.isActive()) {
                Simulation.network().segmentSize(3);   // the lines cross segment boundaries
            }
            try (TcpServer server = TcpServer.start(0, s -> {
                s.write("abcdefXYZline one\r\nlast".getBytes(UTF_8));
                s.shutdownOutput();
                s.readLine();
            }); TcpStream c = TcpStream.connect("localhost", server.port())) {
                assertThat(new String(c.readExactly(3), UTF_8)).isEqualTo("abc");
                assertThat(new String(c.readUntil("XYZ".getBytes(UTF_8), 100), UTF_8)).isEqualTo("defXYZ");
                assertThat(c.readLine()).isEqualTo("line one");
                assertThat(c.readLine()).isEqualTo("last");
                assertThat(c.readLine()).isNull();
                assertThat(c.atEnd()).isTrue();
                c.write("bye\n".getBytes(UTF_8));
            }
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Net.class)
    void aLineLongerThanTheLimitEndsInLimitExceeded(Net net) {
        net.run(() -> {
            try (TcpServer server = TcpServer.start(0, s -> {
                byte[] junk = new byte[100_000];
                Arrays.fill(junk, (byte) 'x');
                s.write(junk);
                s.flush();
            }); TcpStream c = TcpStream.connect("localhost", server.port(),
                    TcpStream.Options.defaults().withLineLimit(1000))) {
                assertThatThrownBy(c::readLine).isInstanceOf(LimitExceededException.class)
                        .hasMessageContaining("1000 bytes");
            }
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Net.class)
    void readExactlyFailsAsBrokenWhenThePeerEndsEarly(Net net) {
        net.run(() -> {
            try (TcpServer server = TcpServer.start(0, s -> s.write(new byte[5]));
                 TcpStream c = TcpStream.connect("localhost", server.port())) {
                assertThatThrownBy(() -> c.readExactly(10)).isInstanceOf(BrokenResourceException.class)
                        .hasMessageContaining("5 of the 10");
                assertThat(c.readExactly(5)).hasSize(5);
            }
            return null;
        });
    }

    @Test
    void readAndIdleTimeoutsRunOnTheVirtualClock() {
        long[] took = Simulation.run(4, () -> {
            Event done = new Event("done");
            try (TcpServer server = TcpServer.start(0, s -> done.await());
                 TcpStream c = TcpStream.connect("localhost", server.port(),
                         TcpStream.Options.defaults().withReadTimeout(Duration.ofSeconds(30)))) {
                long t0 = Weft.loop().nanoTime();
                assertThatThrownBy(c::readLine).isInstanceOf(TimedOutException.class);
                long read = Weft.loop().nanoTime() - t0;
                c.setReadTimeout(null);
                c.setIdleTimeout(Duration.ofMinutes(5));
                long t1 = Weft.loop().nanoTime();
                assertThatThrownBy(() -> c.readExactly(1)).isInstanceOf(TimedOutException.class)
                        .hasStackTraceContaining("idle timeout");
                done.set();
                return new long[] {read, Weft.loop().nanoTime() - t1};
            }
        });
        assertThat(took).containsExactly(Duration.ofSeconds(30).toNanos(), Duration.ofMinutes(5).toNanos());
    }

    @ParameterizedTest
    @EnumSource(Net.class)
    void aHalfClosedClientStillReadsEveryAnswer(Net net) {
        String answers = net.run(() -> {
            try (TcpServer server = TcpServer.start(0, LineProtocol::serve);
                 TcpStream c = TcpStream.connect("localhost", server.port())) {
                for (int i = 0; i < 20; i++) {
                    c.write(("line " + i + "\n").getBytes(UTF_8));
                }
                c.shutdownOutput();
                assertThatThrownBy(() -> c.write(new byte[1])).isInstanceOf(ClosedResourceException.class);
                StringBuilder all = new StringBuilder();
                String line;
                while ((line = c.readLine()) != null) {
                    all.append(line).append('\n');
                }
                return all.toString();
            }
        });
        assertThat(answers.lines()).hasSize(20).first().isEqualTo("LINE 0");
    }

    @Test
    void aSlowReaderHoldsTheWriterBackThroughDrain() {
        long total = 2L << 20;
        long[] seen = Simulation.run(6, () -> {
            Simulation.network().bufferSize(32 * 1024).segmentSize(4096);
            long[] mostQueued = {0};
            byte[] chunk = new byte[16 * 1024];
            new Random(6).nextBytes(chunk);
            try (TcpServer server = TcpServer.start(0, s -> {
                for (long sent = 0; sent < total; sent += chunk.length) {
                    s.write(chunk);
                    mostQueued[0] = Math.max(mostQueued[0], s.statistics().queued());
                    s.drain();
                }
                s.shutdownOutput();
            }); TcpStream c = TcpStream.connect("localhost", server.port())) {
                ByteBuffer b = ByteBuffer.allocate(8192);
                long got = 0;
                long reads = 0;
                int n;
                boolean intact = true;
                while ((n = c.read(b.clear())) >= 0) {
                    for (int i = 0; i < n; i++) {
                        intact &= b.get(i) == chunk[(int) ((got + i) % chunk.length)];
                    }
                    got += n;
                    if (++reads % 8 == 0) {
                        Weft.sleep(Duration.ofMillis(5));
                    }
                }
                return new long[] {got, mostQueued[0], intact ? 1 : 0};
            }
        });
        assertThat(seen[0]).isEqualTo(total);
        assertThat(seen[2]).as("bytes intact and in order").isEqualTo(1);
        assertThat(seen[1]).as("bytes queued at most: about the high-water mark, not the 2 MiB sent")
                .isLessThanOrEqualTo(64 * 1024 + 16 * 1024);
    }

    @ParameterizedTest
    @EnumSource(Net.class)
    void closingAStreamWakesItsReaderWithClosedResource(Net net) {
        net.run(() -> {
            try (TcpServer server = TcpServer.start(0, LineProtocol::serve)) {
                TcpStream c = TcpStream.connect("localhost", server.port());
                Task<String> reader = Weft.spawn(c::readLine);
                Weft.sleep(Duration.ofMillis(10));
                c.close();
                assertThatThrownBy(reader::join).isInstanceOf(ClosedResourceException.class);
                assertThatThrownBy(() -> c.write(new byte[1])).isInstanceOf(ClosedResourceException.class);
            }
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Net.class)
    void closingWithInputUnreadResetsThePeer(Net net) {
        String seen = net.run(() -> {
            Event wrote = new Event("wrote");
            try (TcpServer server = TcpServer.start(null, s -> {
                s.write("unread\n".getBytes(UTF_8));
                wrote.set();
                Weft.sleep(Duration.ofMillis(100));
                s.write("more\n".getBytes(UTF_8));
                Weft.sleep(Duration.ofMillis(100));
                s.write("and more\n".getBytes(UTF_8));
            }, TcpServer.Options.defaults().withFailureHandler((what, e) -> { }))) {
                TcpStream c = TcpStream.connect("localhost", server.port());
                wrote.await();
                Weft.sleep(Duration.ofMillis(50));
                c.close();
                Weft.sleep(Duration.ofMillis(500));
                String resets = Simulation.isActive() ? " " + Simulation.network().statistics().resets() : "";
                return server.failures() + resets;
            }
        });
        assertThat(seen).isEqualTo(net == Net.SIMULATED ? "1 1" : "1");
    }

    @ParameterizedTest
    @EnumSource(Net.class)
    void aCancelledReaderLeavesAndTheStreamStaysUsable(Net net) {
        net.run(() -> {
            try (TcpServer server = TcpServer.start(0, LineProtocol::serve);
                 TcpStream c = TcpStream.connect("localhost", server.port())) {
                Task<String> reader = Weft.spawn(c::readLine);
                Weft.sleep(Duration.ofMillis(20));
                reader.cancel();
                assertThatThrownBy(reader::join).isInstanceOf(java.util.concurrent.CancellationException.class);
                assertThat(LineProtocol.ask(c, "still here")).isEqualTo("STILL HERE");
            }
            return null;
        });
    }
}
