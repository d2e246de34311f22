package dev.weft.examples;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.test.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The examples' servers and clients, unchanged, on the simulated network of dev.weft.test. */
@Timeout(120)
class SimulatedExamplesTest {

    @Test
    void theCrawlerFetchesTheWholeHttpSiteOverTheSimulatedNetworkTheSameWayForASeed() {
        for (long seed = 0; seed < 3; seed++) {
            Crawler.Result first = crawl(seed);
            assertThat(first.pages()).isEqualTo(1000);
            assertThat(first.maxInFlight()).isBetween(1, 8);
            assertThat(crawl(seed)).isEqualTo(first);
        }
    }

    private static Crawler.Result crawl(long seed) {
        return Simulation.run(seed, () -> {
            try (TcpServer site = Http.serve(0, Http.Config.defaults())) {
                Crawler.Result r = Crawler.crawl(site.port(), 8);
                assertThat(Simulation.network().statistics().connections()).isEqualTo(1000);
                return r;
            }
        });
    }

    @Test
    void theEchoHandlerServesItsClientsUnderEverySeed() {
        for (long seed = 0; seed < 50; seed++) {
            List<String> echoed = Simulation.run(seed, () -> {
                try (TcpServer server = TcpServer.start(0, Echo::handle)) {
                    List<Task<String>> clients = IntStream.rangeClosed(1, 3).mapToObj(n -> Weft.spawn(() -> {
                        try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                            c.write(("hello from client " + n + "\n").getBytes(UTF_8));
                            return c.readLine();
                        }
                    })).toList();
                    return clients.stream().map(Task::join).toList();
                }
            });
            assertThat(echoed).containsExactly("hello from client 1", "hello from client 2", "hello from client 3");
        }
    }
}
