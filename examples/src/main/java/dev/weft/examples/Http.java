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
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;

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

import static dev.weft.examples.HttpParser.CRLF;
import static dev.weft.examples.HttpParser.END_OF_HEAD;
import static dev.weft.examples.HttpParser.MAX_HEAD;

public final class Http {
    private static final byte[] HELLO = "Hello, world!\n".getBytes(StandardCharsets.US_ASCII);
    /** The hello answers, encoded once: the server's most frequent reply costs one write and no formatting. */
    private static final byte[] HELLO_KEEP_ALIVE = encode(200, "text/plain", HELLO, true, false);
    private static final byte[] HELLO_CLOSE = encode(200, "text/plain", HELLO, false, false);

    /** Where files come from (null: no static files) and how long a client may take to send a request head. */
    public record Config(Path root, Duration headTimeout) {
        public static Config defaults() {
            return new Config(null, Duration.ofSeconds(10));
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
            HttpParser.Request req;
            try {
                req = Weft.withTimeout(config.headTimeout(), () -> HttpParser.readRequest(stream));
            } catch (HttpParser.HttpError e) {
                respondError(stream, e.status(), e.getMessage());
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
            if (!keepAlive) {
                closeGently(stream);
                return;
            }
            stream.drain();
        }
    }

    // ---------------------------------------------------------------- answering

    private static void respond(TcpStream stream, HttpParser.Request req, Config config, boolean keepAlive) {
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
            if (head) {
                send(stream, 200, "text/plain", HELLO, keepAlive, true);
            } else {
                stream.write(keepAlive ? HELLO_KEEP_ALIVE : HELLO_CLOSE);
            }
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
        stream.write(encode(status, type, body, keepAlive, head));
    }

    /** A whole response, head and (unless it answers a HEAD) body, in one array: one write. */
    private static byte[] encode(int status, String type, byte[] body, boolean keepAlive, boolean head) {
        byte[] h = ("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                + body.length + "\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return h;
        }
        byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
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
        } catch (BrokenResourceException | ClosedResourceException e) {
            return;   // the client is gone: nobody to tell
        }
        closeGently(stream);
    }

    /**
     * Ends a connection after its last answer: output is flushed and shut, then what the client
     * still sends is read and dropped (at most 64 KiB, at most a second), because closing a
     * socket with unread input resets it, and a reset can destroy the answer before the client
     * has read it.
     */
    private static void closeGently(TcpStream stream) {
        try {
            stream.flush();
            stream.shutdownOutput();
            Weft.withTimeout(Duration.ofSeconds(1), () -> {
                ByteBuffer sink = ByteBuffer.allocate(8192);
                for (int dropped = 0; dropped < 64 * 1024; ) {
                    int n = stream.read(sink.clear());
                    if (n < 0) {
                        break;
                    }
                    dropped += n;
                }
                return null;
            });
        } catch (BrokenResourceException | ClosedResourceException | TimedOutException e) {
            // the client is gone, or lingers: either way the connection ends here
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
        byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? HttpParser.readChunked(stream)
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
