// The http example's request parser: one HTTP/1.1 request head and body from a TcpStream, every
// part bounded — the head by MAX_HEAD (past it, 431), the body by MAX_BODY (413), chunk lines by
// a kilobyte — and anything malformed refused with a 400 before it reaches a handler.
package dev.weft.examples;

import dev.weft.net.BrokenResourceException;
import dev.weft.net.LimitExceededException;
import dev.weft.net.TcpStream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

public final class HttpParser {
    /** The largest request head (request line and headers) we read: past it, 431. */
    public static final int MAX_HEAD = 8 * 1024;
    /** The largest request body we read: past it, 413. */
    public static final int MAX_BODY = 1024 * 1024;
    static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    static final byte[] CRLF = {'\r', '\n'};

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
        int eol = text.indexOf("\r\n");
        String[] parts = (eol < 0 ? text : text.substring(0, eol)).split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || !visible(parts[1])) {
            throw new HttpError(400, "malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new HttpError(400, "unsupported version");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int from = eol + 2; eol >= 0; from = eol + 2) {
            eol = text.indexOf("\r\n", from);
            String line = eol < 0 ? text.substring(from) : text.substring(from, eol);
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
        if (cl.isEmpty() || !cl.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpError(400, "bad Content-Length");
        }
        if (cl.length() > 9 || Integer.parseInt(cl) > MAX_BODY) {
            throw new HttpError(413, "body larger than " + MAX_BODY + " bytes");
        }
        try {
            return stream.readExactly(Integer.parseInt(cl));
        } catch (BrokenResourceException e) {
            throw new HttpError(400, "the body ended early");
        }
    }

    static byte[] readChunked(TcpStream stream) {
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

    /** RFC 9110 token characters: visible ASCII but the separators. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = 0x21; c < 0x7f; c++) {
            TOKEN[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private HttpParser() {
    }
}
