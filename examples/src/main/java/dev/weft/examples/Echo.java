// echo — the smallest server: every connection is a task that reads what arrives and writes it
// back, with drain() for back-pressure. Without arguments it serves on a free port, sends
// three messages from three clients at once, and stops; with a PORT it serves until killed.
package dev.weft.examples;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;

public final class Echo {
    private Echo() {
    }

    /** The handler: echo until the peer shuts down its side. */
    public static void handle(TcpStream stream) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);   // direct: the socket fills it without a copy
        while (stream.read(buf.clear()) >= 0) {
            stream.write(buf.flip());
            stream.drain();                    // waits only if the client reads slower than it sends
        }
    }

    public static void main(String[] args) {
        int port = (int) Examples.number(args, 0, "PORT", -1);
        Weft.run(() -> {
            try (TcpServer server = TcpServer.start(Math.max(port, 0), Echo::handle)) {
                if (port >= 0) {
                    System.out.println("echo: serving on 127.0.0.1:" + server.port() + " (Ctrl-C stops)");
                    server.join();
                    return null;
                }
                List<Task<String>> clients = IntStream.rangeClosed(1, 3).mapToObj(n -> Weft.spawn(() -> {
                    try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                        c.write(("hello from client " + n + "\n").getBytes(UTF_8));
                        return c.readLine();
                    }
                })).toList();
                for (Task<String> c : clients) {
                    System.out.println("echoed: " + c.join());
                }
            }
            return null;
        });
    }
}
