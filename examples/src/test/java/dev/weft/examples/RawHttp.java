package dev.weft.examples;

import dev.weft.net.LoopGroup;
import dev.weft.net.TcpServer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The http example on a loop of its own, and a strict little client over a plain blocking
 * socket: it sends exact bytes and reads responses byte by byte, so tests see precisely what
 * the server wrote.
 */
final class RawHttp implements AutoCloseable {
    final LoopGroup loops = LoopGroup.open(1);
    final TcpServer server;

    RawHttp(Http.Config config) {
        server = Http.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                TcpServer.Options.defaults().withLoops(loops).withGracePeriod(java.time.Duration.ofMillis(200)));
    }

    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    @Override
    public void close() {
        server.close();
        loops.close();
    }

    /** One response as it came: status, headers (lower-case names), body (chunked bodies decoded). */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code request} (no HEAD in it), shuts down output, and reads every response until the server closes. */
    static List<Response> exchangeAll(Socket s, byte[] request) throws IOException {
        s.getOutputStream().write(request);
        s.shutdownOutput();
        InputStream in = new BufferedInputStream(s.getInputStream());
        List<Response> all = new ArrayList<>();
        Response r;
        while ((r = read(in)) != null) {
            all.add(r);
        }
        return all;
    }

    /** Reads one response; null if the stream ends before one starts. */
    static Response read(InputStream in) throws IOException {
        return read(in, false);
    }

    /** Reads one response, without a body if it answers a HEAD; null if the stream ends before one starts. */
    static Response read(InputStream in, boolean toHead) throws IOException {
        String status = line(in);
        if (status == null) {
            return null;
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].equals("HTTP/1.1")) {
            throw new IOException("not a status line: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while (!(h = headerLine(in)).isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        byte[] body;
        if (toHead) {
            body = new byte[0];
        } else if ("chunked".equals(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(line(in), 16)) > 0) {
                b.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            body = b.toByteArray();
        } else {
            int n = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            body = in.readNBytes(n);
            if (body.length != n) {
                throw new IOException("body ended after " + body.length + " of " + n + " bytes");
            }
        }
        return new Response(Integer.parseInt(parts[1]), headers, body);
    }

    private static String headerLine(InputStream in) throws IOException {
        String h = line(in);
        if (h == null) {
            throw new IOException("the stream ended inside a response head");
        }
        return h;
    }

    /** A CRLF-ended line without its ending; null at a clean end of stream before it. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                if (b.isEmpty()) {
                    return null;
                }
                throw new IOException("the stream ended inside a line: " + b);
            }
            b.append((char) c);
        }
        if (b.isEmpty() || b.charAt(b.length() - 1) != '\r') {
            throw new IOException("a line without CR: " + b);
        }
        return b.substring(0, b.length() - 1);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
