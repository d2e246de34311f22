package dev.weft.examples;

import dev.weft.Weft;
import dev.weft.net.TcpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CrawlerTest {
    @Test
    void fetchesEveryPageWithNoMoreInFlightThanTheLimit() {
        Crawler.Result r = Weft.run(() -> {
            try (TcpServer site = Http.serve(0, Http.Config.defaults())) {
                return Crawler.crawl(site.port(), 7);
            }
        });
        assertThat(r.pages()).isEqualTo(1000);
        assertThat(r.maxInFlight()).isEqualTo(7);
    }

    @Test
    void mainSaysWhatItFetched() throws Exception {
        String out = Stdout.capture(() -> Crawler.main(new String[] {"3"}));
        assertThat(out).startsWith("fetched 1000 pages in ").contains("at most 3 at once (limit 3)");
    }
}
