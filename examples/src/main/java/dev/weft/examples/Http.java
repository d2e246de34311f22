// http — an HTTP/1.1 server on dev.weft.net: hello world, pages for the crawler, an echo of
// request bodies and static files, with keep-alive and pipelining (one task per connection
// reads requests in order and answers each before reading the next), Content-Length and
// chunked bodies, and every limit a server on the internet needs: 400 for malformed
// requests, 431 for oversized headers, 413 for oversized bodies, 408 for slow clients.
package dev.weft.examples;

import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.net.BrokenResourceException;
import dev.weft.net.ClosedResourceException;
import dev.weft.net.LimitExceededException;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

public final class Http {
    /** The largest request head (request line and headers) we read: past it, 431. */
    public static final int MAX_HEAD = 8 * 1024;
    /** The largest request body we read: past it, 413. */
    public static final int MAX_BODY = 1024 * 1024;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HELLO = "Hello, world!\n".getBytes(StandardCharsets.US_ASCII);

    /** Where files come from (null: no static files) and how long a client may take to send a request head. */
    public record Config(Path root, Duration headTimeout) {
        public static Config defaults() {
            return new Config(null, Duration.ofSeconds(10));
        }
    }

    /** A parsed request: method, target, version, headers (names lower-cased), body. */
    public record Request(String method, String target, String version, Map<String, String> headers, byte[] body) {
        boolean keepAlive() {
            String c = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            return version.equals("HTTP/1.1") ? !c.contains("close") : c.contains("keep-alive");
        }
    }

    /** A request we refuse, with the status that says why. */
    public static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private Http() {
    }

    /** Starts the server on loopback {@code port} (0: any free one) in the current task's loop. */
    public static TcpServer serve(int port, Config config) {
        return TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                stream -> handle(stream, config));
    }

    /** Starts the server with server options (loops, limits). */
    public static TcpServer serve(InetSocketAddress at, Config config, TcpServer.Options options) {
        return TcpServer.start(at, stream -> handle(stream, config), options);
    }

    /** One connection: read a request, answer it, until the client closes or asks to. */
    public static void handle(TcpStream stream, Config config) {
        while (true) {
            Request req;
            try {
                req = Weft.withTimeout(config.headTimeout(), () -> readRequest(stream));
            } catch (HttpError e) {
                respondError(stream, e.status, e.getMessage());
                return;
            } catch (TimedOutException e) {
                respondError(stream, 408, "the request took too long to arrive");
                return;
            } catch (ClosedResourceException e) {
                return;
            }
            if (req == null) {
                return;                               // the client closed between requests
            }
            boolean keepAlive = req.keepAlive();
            respond(stream, req, config, keepAlive);
            stream.drain();
            if (!keepAlive) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- parsing

    /** Reads one request; null at a clean end between requests. Throws {@link HttpError} for 4xx. */
    public static Request readRequest(TcpStream stream) {
        byte[] head;
        try {
            head = stream.readUntil(END_OF_HEAD, MAX_HEAD);
        } catch (LimitExceededException e) {
            throw new HttpError(431, "request head longer than " + MAX_HEAD + " bytes");
        } catch (BrokenResourceException e) {
            if (stream.atEnd()) {
                return null;
            }
            throw new HttpError(400, "the request ended early");
        }
        Request req = parseHead(head);
        byte[] body = readBody(stream, req.headers());
        return new Request(req.method(), req.target(), req.version(), req.headers(), body);
    }

    /** Parses a request head ending in CRLF CRLF; the body is empty. */
    public static Request parseHead(byte[] head) {
        String text = new String(head, 0, head.length - 4, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || !visible(parts[1])) {
            throw new HttpError(400, "malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new HttpError(400, "unsupported version");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new HttpError(400, "malformed header line");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new HttpError(400, "control character in header " + name);
                }
            }
            String old = headers.putIfAbsent(name, value);
            if (old != null) {
                if (name.equals("content-length") || name.equals("host") || name.equals("transfer-encoding")) {
                    throw new HttpError(400, "repeated " + name);
                }
                headers.put(name, old + ", " + value);
            }
        }
        if (parts[2].equals("HTTP/1.1") && !headers.containsKey("host")) {
            throw new HttpError(400, "HTTP/1.1 request without Host");
        }
        return new Request(parts[0], parts[1], parts[2], headers, new byte[0]);
    }

    private static byte[] readBody(TcpStream stream, Map<String, String> headers) {
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        if (te != null) {
            if (cl != null) {
                throw new HttpError(400, "both Transfer-Encoding and Content-Length");
            }
            if (!te.equalsIgnoreCase("chunked")) {
                throw new HttpError(400, "unsupported transfer coding " + te);
            }
            return readChunked(stream);
        }
        if (cl == null) {
            return new byte[0];
        }
        if (cl.isEmpty() || cl.length() > 9 || !cl.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpError(400, "bad Content-Length");
        }
        int n = Integer.parseInt(cl);
        if (n > MAX_BODY) {
            throw new HttpError(413, "body larger than " + MAX_BODY + " bytes");
        }
        try {
            return stream.readExactly(n);
        } catch (BrokenResourceException e) {
            throw new HttpError(400, "the body ended early");
        }
    }

    private static byte[] readChunked(TcpStream stream) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            while (true) {
                String line = new String(stream.readUntil(CRLF, 1024), StandardCharsets.ISO_8859_1).strip();
                int semi = line.indexOf(';');
                String hex = semi >= 0 ? line.substring(0, semi).strip() : line;
                if (hex.isEmpty() || hex.length() > 7 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new HttpError(400, "bad chunk size");
                }
                int size = Integer.parseInt(hex, 16);
                if (body.size() + size > MAX_BODY) {
                    throw new HttpError(413, "body larger than " + MAX_BODY + " bytes");
                }
                if (size == 0) {
                    int trailers = 0;
                    while (stream.readUntil(CRLF, 1024).length > 2) {
                        if (++trailers > 32) {
                            throw new HttpError(431, "too many trailers");
                        }
                    }
                    return body.toByteArray();
                }
                body.writeBytes(stream.readExactly(size));
                byte[] end = stream.readExactly(2);
                if (end[0] != '\r' || end[1] != '\n') {
                    throw new HttpError(400, "chunk without CRLF");
                }
            }
        } catch (LimitExceededException e) {
            throw new HttpError(400, "chunk line too long");
        } catch (BrokenResourceException e) {
            throw new HttpError(400, "the chunked body ended early");
        }
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    // ---------------------------------------------------------------- answering

    private static void respond(TcpStream stream, Request req, Config config, boolean keepAlive) {
        boolean head = req.method().equals("HEAD");
        if (!head && !req.method().equals("GET") && !req.method().equals("POST")) {
            send(stream, 405, "text/plain", ("method " + req.method() + " not allowed\n").getBytes(StandardCharsets.UTF_8),
                    keepAlive, false);
            return;
        }
        String path = req.target();
        if (req.method().equals("POST") && path.equals("/echo")) {
            send(stream, 200, "application/octet-stream", req.body(), keepAlive, false);
        } else if (path.equals("/")) {
            send(stream, 200, "text/plain", HELLO, keepAlive, head);
        } else if (path.startsWith("/page/")) {
            send(stream, 200, "text/html", page(path.substring(6)), keepAlive, head);
        } else if (path.equals("/chunked")) {
            sendChunked(stream, keepAlive);
        } else if (config.root() != null && path.startsWith("/static/")) {
            sendFile(stream, config.root(), path.substring(8), keepAlive, head);
        } else {
            send(stream, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8), keepAlive, head);
        }
    }

    /** Page N of a 1000-page site: it links to pages 2N+1 and 2N+2, so the links from page 0 reach every page. */
    static byte[] page(String n) {
        int i;
        try {
            i = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            i = -1;
        }
        StringBuilder b = new StringBuilder("<html><body><h1>page ").append(i).append("</h1>\n");
        for (int child = 2 * i + 1; i >= 0 && child <= 2 * i + 2 && child < 1000; child++) {
            b.append("<a href=\"/page/").append(child).append("\">page ").append(child).append("</a>\n");
        }
        return b.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(TcpStream stream, int status, String type, byte[] body, boolean keepAlive, boolean head) {
        String h = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                + body.length + "\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        byte[] hb = h.getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            stream.write(hb);
            return;
        }
        ByteBuffer all = ByteBuffer.allocate(hb.length + body.length).put(hb).put(body).flip();
        stream.write(all);
    }

    private static void sendChunked(TcpStream stream, boolean keepAlive) {
        stream.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 1; i <= 3; i++) {
            byte[] chunk = ("chunk " + i + "\n").getBytes(StandardCharsets.US_ASCII);
            stream.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            stream.write(chunk);
            stream.write(CRLF);
        }
        stream.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void sendFile(TcpStream stream, Path root, String name, boolean keepAlive, boolean head) {
        Path base = root.toAbsolutePath().normalize();
        Path file = base.resolve(name).normalize();
        if (!file.startsWith(base) || !Files.isRegularFile(file)) {
            send(stream, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8), keepAlive, head);
            return;
        }
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            stream.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size
                    + "\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (head) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long left = size;
            while (left > 0 && ch.read(buf.clear()) > 0) {
                left -= buf.position();
                stream.write(buf.flip());
                stream.drain();                      // a slow client holds the sender, not memory
            }
        } catch (IOException e) {
            throw new BrokenResourceException("reading " + file + " failed: " + e.getMessage(), e);
        }
    }

    private static void respondError(TcpStream stream, int status, String why) {
        try {
            send(stream, status, "text/plain", (why + "\n").getBytes(StandardCharsets.UTF_8), false, false);
            stream.flush();
        } catch (BrokenResourceException | ClosedResourceException e) {
            // the client is gone: nobody to tell
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            default -> "Status";
        };
    }

    // ---------------------------------------------------------------- a small client, for the crawler and tests

    /** A response: status, headers (lower-cased names), body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends a GET for {@code path} on {@code stream} (kept alive) and reads the response. */
    public static Response get(TcpStream stream, String path) {
        stream.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return readResponse(stream);
    }

    /** Reads one response with a Content-Length or chunked body. */
    public static Response readResponse(TcpStream stream) {
        byte[] head = stream.readUntil(END_OF_HEAD, MAX_HEAD);
        String[] lines = new String(head, 0, head.length - 4, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? readChunked(stream)
                : stream.readExactly(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Response(status, headers, body);
    }

    // ---------------------------------------------------------------- main

    /** Without arguments: serves on a free port, fetches a few pages from itself, stops. With a PORT: serves until killed. */
    public static void main(String[] args) throws Exception {
        int port = (int) Examples.number(args, 0, "PORT", -1);
        Path root = args.length > 1 ? Path.of(args[1]) : null;
        Weft.run(() -> {
            try (TcpServer server = serve(Math.max(port, 0), new Config(root, Duration.ofSeconds(10)))) {
                if (port >= 0) {
                    System.out.println("http: serving on http://127.0.0.1:" + server.port() + "/ (Ctrl-C stops)");
                    server.join();
                    return null;
                }
                try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                    for (String path : new String[] {"/", "/page/0", "/chunked", "/nowhere"}) {
                        Response r = get(c, path);
                        System.out.printf("GET %-9s -> %d, %d bytes: %s%n", path, r.status(), r.body().length,
                                r.text().lines().findFirst().orElse(""));
                    }
                }
            }
            return null;
        });
    }
}
