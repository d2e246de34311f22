package dev.weft.test;

import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.net.BrokenResourceException;
import dev.weft.net.LoopGroup;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120)
class SimNetworkTest {
    private static final TcpStream.Options PATIENT = TcpStream.Options.defaults()
            .withReadTimeout(Duration.ofSeconds(1)).withConnectTimeout(Duration.ofSeconds(2));

    private static Callable<List<String>> echoSession() {
        return () -> LineProtocol.session(4, 3);
    }

    @Test
    void anEchoServerAndItsClientsReplayByteIdenticallyPerSeedAndDifferAcrossSeeds() {
        Set<String> traces = new HashSet<>();
        List<Schedule> schedules = new ArrayList<>();
        for (long seed = 0; seed < 30; seed++) {
            schedules.add(Schedule.random(seed));
            schedules.add(new Schedule(Strategy.PCT, 3, 200, seed));
        }
        for (Schedule schedule : schedules) {
            Run.Outcome a = Run.of(schedule, Run.Limits.DEFAULT, true, echoSession());
            Run.Outcome b = Run.of(schedule, Run.Limits.DEFAULT, true, echoSession());
            assertThat(a.failure()).as("%s", schedule).isNull();
            assertThat(a.value()).isEqualTo(List.of(
                    "CLIENT 0 LINE 0;CLIENT 0 LINE 1;CLIENT 0 LINE 2;",
                    "CLIENT 1 LINE 0;CLIENT 1 LINE 1;CLIENT 1 LINE 2;",
                    "CLIENT 2 LINE 0;CLIENT 2 LINE 1;CLIENT 2 LINE 2;",
                    "CLIENT 3 LINE 0;CLIENT 3 LINE 1;CLIENT 3 LINE 2;"));
            assertThat(b.trace()).isEqualTo(a.trace());
            assertThat(b.choices()).isEqualTo(a.choices());
            assertThat(a.trace()).contains("net: main:", " 16 bytes, due ", "at TcpStream localhost:",
                    " accepts main:");
            traces.add(a.trace());
        }
        assertThat(traces).as("every schedule its own run").hasSize(schedules.size());
    }

    @Test
    void theSameCodeRunsOnRealSocketsAndOnTheSimulatedNetwork() {
        List<String> real = Weft.run(() -> LineProtocol.session(3, 2));
        List<String> simulated = Simulation.run(5, () -> {
            List<String> answers = LineProtocol.session(3, 2);
            assertThat(Simulation.network().statistics().connections()).isEqualTo(3);
            return answers;
        });
        assertThat(simulated).isEqualTo(real).hasSize(3);
    }

    @Test
    void aSimulationSeesNoRealSocketAndARealLoopNoSimulatedOne() throws Exception {
        try (LoopGroup loops = LoopGroup.open(1);
             TcpServer real = TcpServer.start(null, LineProtocol::serve,
                     TcpServer.Options.defaults().withLoops(loops))) {
            String inside = Simulation.run(1, () -> {
                // port 7 is never a real ephemeral port, so it cannot be the real server's
                try (TcpServer simulated = TcpServer.start(7, LineProtocol::serve)) {
                    assertThatThrownBy(() -> TcpStream.connect("127.0.0.1", real.port()))
                            .isInstanceOf(BrokenResourceException.class).hasMessageContaining("Connection refused");
                    try (TcpStream c = TcpStream.connect("127.0.0.1", 7)) {
                        return LineProtocol.ask(c, "simulated");
                    }
                }
            });
            assertThat(inside).isEqualTo("SIMULATED");
            try (TcpStream c = TcpStream.connect("127.0.0.1", real.port())) {
                assertThat(LineProtocol.ask(c, "real")).isEqualTo("REAL");
            }
            assertThat(real.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void aPartitionMakesAClientTimeOutAndHealingLetsItThroughAgain() {
        for (long seed = 0; seed < 20; seed++) {
            List<String> seen = Simulation.run(seed, () -> {
                SimNetwork net = Simulation.network();
                Event stop = new Event("stop");
                LineProtocol.serveOn(net.host("server"), 7000, stop);
                List<String> log = new ArrayList<>();
                try (TcpStream c = TcpStream.connect("server", 7000, PATIENT)) {
                    log.add(LineProtocol.ask(c, "before"));
                    net.partition("main", "server");
                    c.write("during\n".getBytes(UTF_8));
                    assertThatThrownBy(c::readLine).isInstanceOf(TimedOutException.class);
                    assertThatThrownBy(() -> TcpStream.connect("server", 7000, PATIENT))
                            .isInstanceOf(TimedOutException.class);
                    log.add("timed out at " + Weft.loop().nanoTime() / 1_000_000_000 + " s");
                    net.heal();
                    log.add(c.readLine());
                    log.add(LineProtocol.ask(c, "after"));
                }
                assertThat(net.statistics().held()).isPositive();
                stop.set();
                return log;
            });
            assertThat(seen).containsExactly("BEFORE", "timed out at 3 s", "DURING", "AFTER");
        }
    }

    @Test
    void aLostConnectionSurfacesAsBrokenResourceInTheHandler() {
        for (long seed = 0; seed < 20; seed++) {
            List<String> reported = Simulation.run(seed, () -> {
                SimNetwork net = Simulation.network();
                List<String> failures = new ArrayList<>();
                Event listening = new Event("listening");
                Event stop = new Event("stop");
                net.host("db").spawn("db", () -> {
                    try (TcpServer s = TcpServer.start(new InetSocketAddress(5432), stream -> stream.readExactly(100),
                            TcpServer.Options.defaults().withFailureHandler((what, e) -> failures.add(
                                    e.getClass().getSimpleName() + " " + e.getMessage())))) {
                        listening.set();
                        stop.await();
                    }
                    return null;
                });
                listening.await();
                try (TcpStream c = TcpStream.connect("db", 5432)) {
                    c.write(new byte[10]);
                    Weft.sleep(Duration.ofMillis(50));
                    net.reset("main", "db");
                    Weft.sleep(Duration.ofMillis(1));
                    assertThatThrownBy(() -> c.write(new byte[1])).isInstanceOf(BrokenResourceException.class)
                            .hasMessageContaining("Connection reset");
                }
                stop.set();
                return failures;
            });
            assertThat(reported).singleElement().asString()
                    .startsWith("BrokenResourceException the peer broke TcpStream").contains("Connection reset");
        }
    }

    @Test
    void settingsAndHostsAreCheckedAndIsolationCutsAHostOffFromEveryOther() {
        Simulation.run(1, () -> {
            SimNetwork net = Simulation.network();
            assertThatThrownBy(() -> net.latency(Duration.ofMillis(5), Duration.ofMillis(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> net.resets(1.5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("probability");
            assertThatThrownBy(() -> net.host("localhost")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> net.partition("main", "nowhere")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[main]");
            assertThatThrownBy(() -> net.partition("main", "main")).isInstanceOf(IllegalArgumentException.class);
            net.host("a");
            net.host("b");
            net.isolate("a");
            assertThat(net.isPartitioned("a", "main")).isTrue();
            assertThat(net.isPartitioned("10.0.0.2", "b")).isTrue();
            assertThat(net.isPartitioned("main", "b")).isFalse();
            net.heal("a", "b");
            assertThat(net.isPartitioned("a", "b")).isFalse();
            assertThat(net.isPartitioned("a", "main")).isTrue();
            net.heal();
            assertThat(net.isPartitioned("a", "main")).isFalse();
            assertThat(net.hosts()).extracting(SimHost::name).containsExactly("main", "a", "b");
            return null;
        });
        assertThatThrownBy(Simulation::network).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDroppedConnectionIsSilentAndEndsInTheReadTimeout() {
        String seen = Simulation.run(4, () -> {
            SimNetwork net = Simulation.network();
            Event stop = new Event("stop");
            LineProtocol.serveOn(net.host("server"), 80, stop);
            try (TcpStream c = TcpStream.connect("server", 80, PATIENT)) {
                String first = LineProtocol.ask(c, "hello");
                net.drop("main", "server");
                c.write("anyone\n".getBytes(UTF_8));
                assertThatThrownBy(c::readLine).isInstanceOf(TimedOutException.class);
                assertThat(net.statistics().drops()).isEqualTo(1);
                stop.set();
                return first;
            }
        });
        assertThat(seen).isEqualTo("HELLO");
    }

    @Test
    void resetsAreDrawnFromTheSeed() {
        Set<String> outcomes = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            String a = lossyEcho(seed);
            assertThat(lossyEcho(seed)).as("seed %d", seed).isEqualTo(a);
            outcomes.add(a.replaceAll("[0-9]", ""));
        }
        assertThat(outcomes).as("some runs lose a connection, some lose none").contains("all answered");
        assertThat(outcomes).anySatisfy(o -> assertThat(o).contains("lost"));
    }

    private static String lossyEcho(long seed) {
        return Simulation.run(seed, () -> {
            Simulation.network().resets(0.01);
            try (TcpServer server = TcpServer.start(0, stream -> {
                try {
                    LineProtocol.serve(stream);
                } catch (BrokenResourceException lost) {
                    // the network's doing: the client sees it too
                }
            })) {
                List<Task<String>> clients = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    clients.add(Weft.spawn(() -> {
                        try (TcpStream c = TcpStream.connect("localhost", server.port())) {
                            for (int k = 0; k < 10; k++) {
                                LineProtocol.ask(c, "line " + k);
                            }
                            return "ok";
                        } catch (BrokenResourceException e) {
                            return "lost at " + Weft.loop().nanoTime();
                        }
                    }));
                }
                List<String> results = new ArrayList<>();
                clients.forEach(t -> results.add(t.join()));
                return results.stream().allMatch("ok"::equals) ? "all answered" : String.join(", ", results);
            }
        });
    }

    @Test
    void repliesOnTwoConnectionsOvertakeOneAnotherOnlyWhenTheNetworkReorders() {
        int overtaken = 0;
        for (long seed = 0; seed < 40; seed++) {
            long[] reordered = replyTimes(seed, true);
            long[] inOrder = replyTimes(seed, false);
            assertThat(inOrder[0]).as("seed %d without reordering", seed).isLessThan(inOrder[1]);
            if (reordered[1] < reordered[0]) {
                overtaken++;
            }
        }
        assertThat(overtaken).as("seeds whose second reply came first").isBetween(5, 35);
    }

    /** When the answers to "a" (asked first) and "b" (asked next, on another connection) arrived. */
    private static long[] replyTimes(long seed, boolean reorder) {
        return Simulation.run(seed, () -> {
            Simulation.network().reorder(reorder).latency(Duration.ofMillis(1), Duration.ofMillis(10));
            try (TcpServer server = TcpServer.start(0, LineProtocol::serve);
                 TcpStream a = TcpStream.connect("localhost", server.port());
                 TcpStream b = TcpStream.connect("localhost", server.port())) {
                a.write("a\n".getBytes(UTF_8));
                b.write("b\n".getBytes(UTF_8));
                long[] at = new long[2];
                Task<?> ra = Weft.spawn(() -> at[0] = arrival(a));
                Task<?> rb = Weft.spawn(() -> at[1] = arrival(b));
                ra.join();
                rb.join();
                return at;
            }
        });
    }

    private static long arrival(TcpStream s) {
        s.readLine();
        return Weft.loop().nanoTime();
    }
}
