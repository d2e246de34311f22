package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class TcpServerTest {

    @Test
    void bindsToLoopbackByDefault() {
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, s -> { })) {
                assertThat(((InetSocketAddress) server.address()).getAddress().isLoopbackAddress()).isTrue();
            }
            return null;
        });
    }

    @Test
    void atTheConnectionLimitItStopsAcceptingUntilAConnectionEnds() {
        Weft.run(() -> {
            Event release = new Event();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            TcpServer.Options opts = TcpServer.Options.defaults().withMaxConnections(3);
            try (TcpServer server = TcpServer.start(null, s -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await();
                s.write("served\n".getBytes(UTF_8));
                running.decrementAndGet();
            }, opts)) {
                List<Task<String>> clients = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    clients.add(Weft.spawn(() -> {
                        try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                            return c.readLine();
                        }
                    }));
                }
                Weft.sleep(Duration.ofMillis(100));
                assertThat(server.connectionCount()).isEqualTo(3);
                release.set();
                for (Task<String> c : clients) {
                    assertThat(c.join()).isEqualTo("served");
                }
                assertThat(most.get()).isEqualTo(3);
                assertThat(server.acceptedCount()).isEqualTo(8);
            }
            return null;
        });
    }

    @Test
    void closeLetsHandlersFinishWithinTheGracePeriodThenCancelsTheRest() {
        Weft.run(() -> {
            List<String> trace = new CopyOnWriteArrayList<>();
            TcpServer.Options opts = TcpServer.Options.defaults().withGracePeriod(Duration.ofMillis(200));
            TcpServer server = TcpServer.start(null, s -> {
                String kind = s.readLine();
                try {
                    Weft.sleep(Duration.ofMillis(kind.equals("quick") ? 50 : 10_000));
                    trace.add(kind + " finished");
                } catch (java.util.concurrent.CancellationException e) {
                    trace.add(kind + " cancelled");
                    throw e;
                }
            }, opts);
            TcpStream quick = TcpStream.connect("127.0.0.1", server.port());
            TcpStream slow = TcpStream.connect("127.0.0.1", server.port());
            quick.write("quick\n".getBytes(UTF_8));
            slow.write("slow\n".getBytes(UTF_8));
            Weft.sleep(Duration.ofMillis(20));
            long t0 = System.nanoTime();
            server.close();
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertThat(trace).containsExactlyInAnyOrder("quick finished", "slow cancelled");
            assertThat(took).isBetween(150L, 5_000L);
            assertThat(server.connectionCount()).isZero();
            assertThat(server.failures()).isZero();
            assertThatThrownBy(() -> TcpStream.connect("127.0.0.1", server.port()))
                    .isInstanceOf(BrokenResourceException.class);
            quick.close();
            slow.close();
            return null;
        });
    }

    @Test
    void aHandlerThatThrowsIsReportedAndOthersAreStillServed() {
        int fds = NetTesting.openFds();
        List<String> reported = new CopyOnWriteArrayList<>();
        Weft.run(() -> {
            TcpServer.Options opts = TcpServer.Options.defaults()
                    .withFailureHandler((what, e) -> reported.add(what + ": " + e.getMessage()));
            try (TcpServer server = TcpServer.start(null, s -> {
                String line = s.readLine();
                if (line.equals("boom")) {
                    throw new IllegalStateException("handler exploded");
                }
                s.write((line + "\n").getBytes(UTF_8));
            }, opts)) {
                try (TcpStream bad = TcpStream.connect("127.0.0.1", server.port())) {
                    bad.write("boom\n".getBytes(UTF_8));
                    assertThat(bad.readLine()).as("the failed handler's connection is closed").isNull();
                }
                try (TcpStream good = TcpStream.connect("127.0.0.1", server.port())) {
                    good.write("fine\n".getBytes(UTF_8));
                    assertThat(good.readLine()).isEqualTo("fine");
                }
                assertThat(server.failures()).isEqualTo(1);
            }
            return null;
        });
        assertThat(reported).singleElement().asString().contains("handler exploded");
        NetTesting.assertNoFdLeak(fds);
    }

    @Test
    void aLoopGroupSpreadsConnectionsOverEveryLoop() throws Exception {
        try (LoopGroup loops = LoopGroup.open(3)) {
            Set<EventLoop> seen = ConcurrentHashMap.newKeySet();
            TcpServer server = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), s -> {
                seen.add(Weft.loop());
                ByteBuffer b = ByteBuffer.allocate(64);
                while (s.read(b.clear()) > 0) {
                    s.write(b.flip());
                }
            }, TcpServer.Options.defaults().withLoops(loops));
            List<String> echoed = loops.submit(() -> {
                List<Task<String>> ts = new ArrayList<>();
                for (int i = 0; i < 9; i++) {
                    int n = i;
                    ts.add(Weft.spawn(() -> {
                        try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                            c.write(("m" + n + "\n").getBytes(UTF_8));
                            return c.readLine();
                        }
                    }));
                }
                return ts.stream().map(Task::join).toList();
            }).join();
            assertThat(echoed).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
            assertThat(seen).containsExactlyInAnyOrderElementsOf(loops.loops());
            server.close();
        }
    }

    @Test
    void aLoopGroupRunsSubmittedTasksAndClosesCleanly() {
        LoopGroup loops = LoopGroup.open(2);
        assertThat(loops.submit(() -> 6 * 7).join()).isEqualTo(42);
        Task<?>[] forever = new Task<?>[1];
        loops.submit(() -> forever[0] = Weft.spawn(() -> {
            Weft.sleep(Duration.ofDays(1));
            return null;
        })).join();
        loops.close();
        assertThat(forever[0].state()).isEqualTo(java.util.concurrent.Future.State.CANCELLED);
        assertThatThrownBy(() -> loops.submit(() -> 1)).isInstanceOf(ClosedResourceException.class);
    }
}
