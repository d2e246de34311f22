package dev.weft.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Clients nobody here wrote against the http example: {@code curl} and Python's
 * {@code http.client}. Each is skipped, with a message, where its program is not installed.
 */
@Timeout(60)
class HttpInteropTest {
    private static final String PY_CLIENT = """
            import http.client, sys
            c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)
            for i in range(3):                                   # keep-alive: one connection
                c.request('GET', '/')
                r = c.getresponse()
                assert (r.status, r.read()) == (200, b'Hello, world!\\n'), 'hello'
            body = bytes(range(256)) * 400
            c.request('POST', '/echo', body=body)                # Content-Length body
            r = c.getresponse()
            assert (r.status, r.read()) == (200, body), 'echo'
            c.request('POST', '/echo', body=iter([b'abc', b'defg']), encode_chunked=True)
            r = c.getresponse()
            assert (r.status, r.read()) == (200, b'abcdefg'), 'chunked upload'
            c.request('GET', '/chunked')                         # a chunked answer
            r = c.getresponse()
            assert r.getheader('Transfer-Encoding') == 'chunked'
            assert r.read() == b'chunk 1\\nchunk 2\\nchunk 3\\n', 'chunked answer'
            c.request('HEAD', '/page/5')
            r = c.getresponse()
            assert r.status == 200 and r.read() == b'' and int(r.getheader('Content-Length')) > 0, 'head'
            c.request('GET', '/nowhere')
            r = c.getresponse()
            assert r.status == 404, 'not found'
            r.read()
            c.putrequest('GET', '/', skip_host=True)             # HTTP/1.1 without Host
            c.endheaders()
            r = c.getresponse()
            assert r.status == 400 and r.getheader('Connection') == 'close', 'no host'
            print('OK')
            """;

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try (var in = p.getInputStream()) {
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ended).as("%s ended in time: %s", command.getFirst(), out).isTrue();
            assertThat(p.exitValue()).as("%s exit status: %s", command.getFirst(), out).isZero();
            return out;
        }
    }

    private static boolean has(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            try (var in = p.getInputStream()) {
                in.readAllBytes();
            }
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void curlFetchesOverOneKeptAliveConnectionPostsBodiesAndDecodesChunks(@TempDir Path dir) throws Exception {
        assumeTrue(has("curl"), "curl is not installed: skipping the curl interop test (apt-get install curl)");
        Path upload = dir.resolve("upload.bin");
        byte[] data = new byte[200_000];
        new java.util.Random(5).nextBytes(data);
        Files.write(upload, data);
        try (RawHttp http = new RawHttp(new Http.Config(dir, Duration.ofSeconds(10)))) {
            String base = "http://127.0.0.1:" + http.server.port();
            List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20",
                    "-w", "%{http_code} %{num_connects}\\n"));
            for (String path : List.of("/", "/page/1", "/page/2", "/chunked", "/nowhere")) {
                cmd.addAll(List.of("-o", "/dev/null", base + path));
            }
            assertThat(run(cmd).lines()).as("status, and new connections made, per URL")
                    .containsExactly("200 1", "200 0", "200 0", "200 0", "404 0");
            assertThat(run(List.of("curl", "-sS", "--max-time", "20", base + "/chunked")))
                    .isEqualTo("chunk 1\nchunk 2\nchunk 3\n");
            Path back = dir.resolve("back.bin");
            run(List.of("curl", "-sS", "--max-time", "20", "--data-binary", "@" + upload, "-o", back.toString(),
                    base + "/echo"));
            assertThat(back).hasBinaryContent(data);
            run(List.of("curl", "-sS", "--max-time", "20", "-H", "Transfer-Encoding: chunked",
                    "--data-binary", "@" + upload, "-o", back.toString(), base + "/echo"));
            assertThat(back).as("a chunked upload").hasBinaryContent(data);
            run(List.of("curl", "-sS", "--max-time", "20", "-o", back.toString(), base + "/static/upload.bin"));
            assertThat(back).as("a static file").hasBinaryContent(data);
            assertThat(http.server.failures()).isZero();
        }
    }

    @Test
    void pythonHttpClientTalksToTheServer() throws Exception {
        assumeTrue(has("python3"), "python3 is not installed: skipping the http.client interop test");
        try (RawHttp http = new RawHttp(Http.Config.defaults())) {
            assertThat(run(List.of("python3", "-c", PY_CLIENT, String.valueOf(http.server.port())))).isEqualTo("OK\n");
            assertThat(http.server.acceptedCount()).as("one kept-alive connection").isEqualTo(1);
            assertThat(http.server.failures()).isZero();
        }
    }
}
