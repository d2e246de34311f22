package dev.weft.test;

import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.net.BrokenResourceException;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.net.Transport;
import dev.weft.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hosts, names, addresses and ports as the simulated network's transport sees them. */
@Timeout(60)
class SimTransportTest {

    @Test
    void aSimulatedLoopCarriesTheSimulatedTransport() {
        String transport = Simulation.run(1, () -> Transport.of(Weft.loop()).getClass().getSimpleName());
        assertThat(transport).isEqualTo("SimTransport");
        assertThat(Weft.run(() -> Transport.of(Weft.loop()))).isSameAs(Transport.sockets());
    }

    @Test
    void hostsResolveEachOthersNamesAndAddresses() {
        List<String> answers = Simulation.run(2, () -> {
            SimNetwork net = Simulation.network();
            SimHost db = net.host("db");
            Event stop = new Event("stop");
            LineProtocol.serveOn(db, 5432, stop);
            List<String> seen = new ArrayList<>();
            for (String name : List.of("db", db.address().getHostAddress())) {
                try (TcpStream c = TcpStream.connect(name, 5432)) {
                    String from = ((InetSocketAddress) c.localAddress()).getHostString();
                    seen.add(LineProtocol.ask(c, "via " + name) + " from " + from);
                }
            }
            stop.set();
            return seen;
        });
        assertThat(answers).containsExactly("VIA DB from main", "VIA 10.0.0.2 from main");
    }

    @Test
    void everyHostHasItsOwnLoopback() {
        List<String> seen = Simulation.run(3, () -> {
            SimNetwork net = Simulation.network();
            SimHost db = net.host("db");
            Event listening = new Event("listening");
            Event stop = new Event("stop");
            List<String> log = new ArrayList<>();
            db.spawn("db", () -> {
                try (TcpServer local = TcpServer.start(6000, LineProtocol::serve)) {   // db's loopback only
                    try (TcpStream c = TcpStream.connect("localhost", 6000)) {
                        log.add(LineProtocol.ask(c, "db to itself"));
                    }
                    listening.set();
                    stop.await();
                }
                return null;
            });
            listening.await();
            assertThatThrownBy(() -> TcpStream.connect("localhost", 6000)).isInstanceOf(BrokenResourceException.class)
                    .hasMessageContaining("Connection refused");
            assertThatThrownBy(() -> TcpStream.connect("db", 6000)).isInstanceOf(BrokenResourceException.class)
                    .hasMessageContaining("Connection refused");
            stop.set();
            return log;
        });
        assertThat(seen).containsExactly("DB TO ITSELF");
    }

    @Test
    void tasksAndServerHandlersRunOnTheirSpawnersHost() {
        List<String> hosts = Simulation.run(4, () -> {
            SimNetwork net = Simulation.network();
            List<String> log = new ArrayList<>();
            Event listening = new Event("listening");
            Event stop = new Event("stop");
            net.host("web").spawn("web", () -> {
                try (TcpServer s = TcpServer.start(new InetSocketAddress(80), stream -> {
                    log.add("handler on " + net.hostOf(Weft.currentTask()).name());
                    Weft.spawn(() -> log.add("its child on " + net.hostOf(Weft.currentTask()).name())).join();
                })) {
                    listening.set();
                    stop.await();
                }
                return null;
            });
            listening.await();
            try (TcpStream c = TcpStream.connect("web", 80)) {
                c.shutdownOutput();
                c.readLine();
            }
            log.add("main on " + net.hostOf(Weft.currentTask()).name());
            stop.set();
            return log;
        });
        assertThat(hosts).containsExactly("handler on web", "its child on web", "main on main");
    }

    @Test
    void refusedUnknownAndUnreachableConnectsFailAsOnSockets() {
        Simulation.run(5, () -> {
            assertThatThrownBy(() -> TcpStream.connect("localhost", 9)).isInstanceOf(BrokenResourceException.class)
                    .hasMessageContaining("cannot connect to localhost:9").hasMessageContaining("Connection refused");
            assertThatThrownBy(() -> TcpStream.connect("nowhere", 80)).isInstanceOf(BrokenResourceException.class)
                    .hasMessageContaining("UnresolvedAddressException");
            assertThatThrownBy(() -> TcpStream.connect("10.9.9.9", 80)).isInstanceOf(BrokenResourceException.class)
                    .hasMessageContaining("No route to host");
            return null;
        });
    }

    @Test
    void aPortIsBoundOncePerHostAndOnlyToTheHostsOwnAddresses() {
        Simulation.run(6, () -> {
            SimNetwork net = Simulation.network();
            net.host("db");
            try (TcpServer first = TcpServer.start(8080, s -> { })) {
                assertThat(first.port()).isEqualTo(8080);
                assertThatThrownBy(() -> TcpServer.start(8080, s -> { })).isInstanceOf(BrokenResourceException.class)
                        .hasMessageContaining("Address already in use");
                assertThatThrownBy(() -> TcpServer.start(InetSocketAddress.createUnresolved("db", 8081), s -> { }))
                        .isInstanceOf(BrokenResourceException.class)
                        .hasMessageContaining("Cannot assign requested address");
            }
            try (TcpServer again = TcpServer.start(8080, s -> { })) {
                assertThat(again.port()).as("a closed server's port is free again").isEqualTo(8080);
            }
            return null;
        });
    }

    @Test
    void unixDomainSocketsWorkWithoutTouchingTheFileSystem() {
        Path path = Path.of("/nonexistent-dir/weft-sim.sock");
        String answer = Simulation.run(7, () -> {
            try (TcpServer server = TcpServer.startUnix(path, LineProtocol::serve);
                 TcpStream c = TcpStream.connectUnix(path)) {
                return LineProtocol.ask(c, "over a simulated unix socket");
            }
        });
        assertThat(answer).isEqualTo("OVER A SIMULATED UNIX SOCKET");
        assertThat(path).doesNotExist();
    }

    @Test
    void aFullBacklogMakesTheClientSendItsSynAgainASecondLater() {
        long waited = Simulation.run(8, () -> {
            Event release = new Event("release");
            TcpServer.Options one = TcpServer.Options.defaults().withMaxConnections(1).withBacklog(1);
            try (TcpServer server = TcpServer.start(null, s -> release.await(), one);
                 TcpStream first = TcpStream.connect("localhost", server.port());
                 TcpStream second = TcpStream.connect("localhost", server.port())) {
                long t0 = Weft.loop().nanoTime();
                Weft.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(2500));
                    release.set();
                    return null;
                });
                TcpStream.Options soon = TcpStream.Options.defaults().withConnectTimeout(Duration.ofMillis(1500));
                assertThatThrownBy(() -> TcpStream.connect("localhost", server.port(), soon))
                        .isInstanceOf(TimedOutException.class);
                try (TcpStream third = TcpStream.connect("localhost", server.port())) {
                    return Weft.loop().nanoTime() - t0;
                }
            }
        });
        assertThat(Duration.ofNanos(waited)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
    }
}
