package dev.weft.examples;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Random and mutated requests against the http example's parser and server: each gets a 4xx
 * or the right answer — never a hang (every read here has a timeout), never a handler failure
 * (what would be a 500), never an answer the client cannot parse. Properties need no
 * {@code @Timeout}: a hang would fail at the socket's read timeout.
 */
class HttpParserTest {
    private static final Set<Integer> ALLOWED = Set.of(200, 400, 404, 405, 408, 413, 431);
    private static RawHttp http;

    private static synchronized RawHttp server() {
        if (http == null) {
            http = new RawHttp(new Http.Config(null, Duration.ofSeconds(2)));
        }
        return http;
    }

    @AfterContainer
    static void stopServer() {
        if (http != null) {
            assertThat(http.server.failures()).as("handler failures (a 500 from the server itself)").isZero();
            http.close();
            http = null;
        }
    }

    @Property(tries = 2000)
    void parseHeadAcceptsOrRefusesWith400AndNothingElse(@ForAll byte[] junk, @ForAll boolean withRequestLine) {
        byte[] prefix = withRequestLine ? RawHttp.ascii("GET / HTTP/1.1\r\nHost: x\r\n") : new byte[0];
        byte[] head = concat(prefix, junk, RawHttp.ascii("\r\n\r\n"));
        Throwable t = catchThrowable(() -> HttpParser.parseHead(head));
        if (t != null) {
            assertThat(t).isInstanceOf(HttpParser.HttpError.class);
            assertThat(((HttpParser.HttpError) t).status()).isEqualTo(400);
        }
    }

    /** A well-formed request, what the server must answer to it, and the mutations that may spoil it. */
    record Case(byte[] request, int status, byte[] body, List<Mutation> mutations) {
    }

    /** One change to the bytes: where (a fraction of the length), what, and the bytes it brings. */
    record Mutation(int kind, double at, int length, byte[] bytes) {
        byte[] apply(byte[] in) {
            int pos = (int) (at * in.length);
            int end = Math.min(in.length, pos + length);
            return switch (kind) {
                case 0 -> {                                             // flip a byte
                    byte[] out = in.clone();
                    if (pos < out.length) {
                        out[pos] ^= (byte) (bytes.length > 0 ? bytes[0] | 1 : 0x20);
                    }
                    yield out;
                }
                case 1 -> concat(Arrays.copyOf(in, pos), Arrays.copyOfRange(in, end, in.length));   // delete
                case 2 -> concat(Arrays.copyOf(in, pos), bytes, Arrays.copyOfRange(in, pos, in.length));  // insert
                case 3 -> concat(Arrays.copyOf(in, end), Arrays.copyOfRange(in, pos, in.length));   // repeat
                default -> Arrays.copyOf(in, pos);                      // truncate
            };
        }
    }

    @Provide
    Arbitrary<Case> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "GET", "POST", "POST", "PUT", "DELETE");   // HEAD: see HttpTest
        Arbitrary<String> path = Arbitraries.of("/", "/page/3", "/page/x", "/echo", "/chunked", "/nowhere");
        Arbitrary<List<String>> extra = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40))
                .as((n, v) -> "X-" + n + ": " + v.strip()).list().ofMaxSize(6);
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<Integer> framing = Arbitraries.integers().between(0, 2);       // none, Content-Length, chunked
        Arbitrary<List<Mutation>> mutations = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 64),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80)).as(Mutation::new).list().ofMaxSize(3);
        return Combinators.combine(method, path, extra, body, framing, Arbitraries.of(true, false), mutations)
                .as(HttpParserTest::build);
    }

    private static Case build(String method, String path, List<String> extra, byte[] body, int framing,
                              boolean close, List<Mutation> mutations) {
        boolean post = method.equals("POST");
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: example\r\n");
        extra.forEach(h -> head.append(h).append("\r\n"));
        if (close) {
            head.append("Connection: close\r\n");
        }
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        byte[] payload = post ? body : new byte[0];
        if (post && framing == 2) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            sent.writeBytes(RawHttp.ascii(head.toString()));
            for (int i = 0; i < payload.length; i += 700) {
                int n = Math.min(700, payload.length - i);
                sent.writeBytes(RawHttp.ascii(Integer.toHexString(n) + "\r\n"));
                sent.write(payload, i, n);
                sent.writeBytes(RawHttp.ascii("\r\n"));
            }
            sent.writeBytes(RawHttp.ascii("0\r\n\r\n"));
        } else {
            if (post && (framing == 1 || payload.length > 0)) {
                head.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            head.append("\r\n");
            sent.writeBytes(RawHttp.ascii(head.toString()));
            sent.writeBytes(payload);
        }
        int status = !post && !method.equals("GET") && !method.equals("HEAD") ? 405
                : path.equals("/nowhere") || path.equals("/echo") && !post ? 404 : 200;
        byte[] expected = post && path.equals("/echo") ? payload : null;
        return new Case(sent.toByteArray(), status, expected, mutations);
    }

    @Property(tries = 400)
    void everyRequestGetsA4xxOrTheRightAnswerAndTheConnectionEnds(@ForAll("requests") Case c) throws Exception {
        byte[] bytes = c.request();
        for (Mutation m : c.mutations()) {
            bytes = m.apply(bytes);
        }
        List<RawHttp.Response> answers;
        try (Socket s = server().connect()) {
            s.setSoTimeout(5000);
            answers = RawHttp.exchangeAll(s, bytes);   // to the end of the stream: the server closed
        }
        assertThat(answers).extracting(RawHttp.Response::status).allMatch(ALLOWED::contains);
        if (bytes.length > 0) {
            assertThat(answers).as("an answer to a non-empty request").isNotEmpty();
        }
        if (c.mutations().isEmpty()) {
            assertThat(answers).singleElement().extracting(RawHttp.Response::status).isEqualTo(c.status());
            if (c.body() != null) {
                assertThat(answers.getFirst().body()).isEqualTo(c.body());
            }
        }
        for (int i = 0; i < answers.size() - 1; i++) {
            assertThat(answers.get(i).status()).as("only the last answer may refuse").isLessThan(408);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
