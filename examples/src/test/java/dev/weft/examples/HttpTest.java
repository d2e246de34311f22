package dev.weft.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static dev.weft.examples.RawHttp.ascii;
import static dev.weft.examples.RawHttp.exchangeAll;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class HttpTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(Http.Config.defaults()); Socket s = http.connect()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 20; i++) {
                out.write(ascii("GET /page/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n"));
                RawHttp.Response r = RawHttp.read(in);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).contains("<h1>page " + i + "</h1>");
                assertThat(r.headers()).doesNotContainKey("connection");
            }
            out.write(ascii("HEAD /page/1 HTTP/1.1\r\nHost: x\r\n\r\n" + GET));
            RawHttp.Response head = RawHttp.read(in, true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(Integer.parseInt(head.headers().get("content-length"))).as("the length GET would have").isPositive();
            assertThat(RawHttp.read(in).text()).as("HEAD sent no body: the next answer follows at once")
                    .isEqualTo("Hello, world!\n");
            assertThat(http.server.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String pipeline = GET
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /page/7 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n"
                + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        try (RawHttp http = new RawHttp(Http.Config.defaults()); Socket s = http.connect()) {
            List<RawHttp.Response> rs = exchangeAll(s, ascii(pipeline));
            assertThat(rs).extracting(RawHttp.Response::status).containsExactly(200, 200, 200, 200, 404, 200);
            assertThat(rs.get(0).text()).isEqualTo("Hello, world!\n");
            assertThat(rs.get(1).text()).isEqualTo("hello");
            assertThat(rs.get(2).text()).contains("page 7");
            assertThat(rs.get(3).text()).as("a chunked request body, decoded").isEqualTo("abcde");
            assertThat(rs.get(5).headers()).containsEntry("transfer-encoding", "chunked").containsEntry("connection", "close");
            assertThat(rs.get(5).text()).isEqualTo("chunk 1\nchunk 2\nchunk 3\n");
        }
    }

    @Test
    void anHttp10ClientIsClosedAfterItsAnswerUnlessItAsksToKeepAlive() throws Exception {
        try (RawHttp http = new RawHttp(Http.Config.defaults()); Socket s = http.connect()) {
            List<RawHttp.Response> rs = exchangeAll(s, ascii("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n"));
            assertThat(rs).singleElement().extracting(RawHttp.Response::status).isEqualTo(200);
        }
        try (RawHttp http = new RawHttp(Http.Config.defaults()); Socket s = http.connect()) {
            List<RawHttp.Response> rs = exchangeAll(s,
                    ascii("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n"));
            assertThat(rs).extracting(RawHttp.Response::status).containsExactly(200, 200);
        }
    }

    @Test
    void malformedRequestsGet400AndTheConnectionCloses() throws Exception {
        String[] bad = {
            "GET /\r\n\r\n",                                                  // no version
            "GET / HTTP/2.0\r\nHost: x\r\n\r\n",                              // unsupported version
            "GET / HTTP/1.1\r\n\r\n",                                         // HTTP/1.1 without Host
            "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",                              // not a token
            "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",             // space in a name
            "GET / HTTP/1.1\r\nHost: x\r\n folded: y\r\n\r\n",                // obsolete line folding
            "GET / HTTP/1.1\r\nHost: x\r\nX: a\u0001b\r\n\r\n",               // control character
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nshort",  // the body ends early
        };
        try (RawHttp http = new RawHttp(Http.Config.defaults())) {
            for (String request : bad) {
                try (Socket s = http.connect()) {
                    List<RawHttp.Response> rs = exchangeAll(s, ascii(GET + request));
                    assertThat(rs).as(request).extracting(RawHttp.Response::status).containsExactly(200, 400);
                    assertThat(rs.get(1).headers()).as(request).containsEntry("connection", "close");
                }
            }
            assertThat(http.server.failures()).isZero();
        }
    }

    @Test
    void anOversizedHeadGets431AndAnOversizedBodyGets413() throws Exception {
        String huge = "GET / HTTP/1.1\r\nHost: x\r\nX-Filler: " + "a".repeat(HttpParser.MAX_HEAD) + "\r\n\r\n";
        String tooLong = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (HttpParser.MAX_BODY + 1) + "\r\n\r\n";
        String farTooLong = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999\r\n\r\n";
        String chunks = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "c0000\r\n" + "b".repeat(0xc0000) + "\r\n" + "c0000\r\n";
        try (RawHttp http = new RawHttp(Http.Config.defaults())) {
            for (String[] c : new String[][] {{huge, "431"}, {tooLong, "413"}, {farTooLong, "413"}, {chunks, "413"}}) {
                try (Socket s = http.connect()) {
                    List<RawHttp.Response> rs = exchangeAll(s, ascii(c[0]));
                    assertThat(rs).as(c[1]).singleElement().extracting(RawHttp.Response::status)
                            .isEqualTo(Integer.parseInt(c[1]));
                }
            }
        }
    }

    @Test
    void aSlowlorisClientGets408WhileOthersAreServedAndNothingLeaks() throws Exception {
        int fds = openFds();
        try (RawHttp http = new RawHttp(new Http.Config(null, Duration.ofMillis(300)));
             Socket slow = http.connect(); Socket other = http.connect()) {
            OutputStream out = slow.getOutputStream();
            InputStream in = new BufferedInputStream(slow.getInputStream());
            byte[] head = ascii("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "z".repeat(1000));
            int sent = 0;
            while (sent < head.length && in.available() == 0) {
                out.write(head[sent++]);   // one byte every 20 ms: never a whole head within 300 ms
                if (sent == 5) {
                    List<RawHttp.Response> rs = exchangeAll(other, ascii(GET));
                    assertThat(rs).singleElement().extracting(RawHttp.Response::status).isEqualTo(200);
                }
                Thread.sleep(20);          // the client's pace is the behaviour under test
            }
            assertThat(sent).as("the server answered before the head was complete").isLessThan(head.length);
            RawHttp.Response r = RawHttp.read(in);
            assertThat(r.status()).isEqualTo(408);
            assertThat(in.read()).as("then the server closed").isEqualTo(-1);
            assertThat(http.server.failures()).isZero();
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (openFds() > fds && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(openFds()).as("descriptors after the server closed").isLessThanOrEqualTo(fds);
    }

    @Test
    void staticFilesAreServedAndPathsCannotLeaveTheRoot(@TempDir Path dir) throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Files.write(dir.resolve("blob.bin"), data);
        Files.writeString(dir.getParent().resolve("secret.txt"), "no");
        try (RawHttp http = new RawHttp(new Http.Config(dir, Duration.ofSeconds(10))); Socket s = http.connect()) {
            List<RawHttp.Response> rs = exchangeAll(s, ascii("GET /static/blob.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /static/../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /static/missing HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(rs).extracting(RawHttp.Response::status).containsExactly(200, 404, 404);
            assertThat(rs.get(0).body()).isEqualTo(data);
        } finally {
            Files.deleteIfExists(dir.getParent().resolve("secret.txt"));
        }
    }

    @Test
    void mainServesAndFetchesItsOwnPages() throws Exception {
        String out = Stdout.capture(() -> Http.main(new String[0]));
        assertThat(out.lines()).hasSize(4);
        assertThat(out).contains("GET /         -> 200").contains("GET /nowhere  -> 404");
    }
}
