package dev.weft.test;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.sync.Event;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A small line protocol written against {@code dev.weft.net} alone, for the network tests: the
 * server answers each line with it in capitals, clients ask and read the answers. Nothing here
 * knows whether it runs on real sockets or on the simulated network.
 */
final class LineProtocol {
    private LineProtocol() {
    }

    /** The handler: one answer per line until the peer ends its side. */
    static void serve(TcpStream stream) {
        String line;
        while ((line = stream.readLine()) != null) {
            stream.write((line.toUpperCase(Locale.ROOT) + "\n").getBytes(UTF_8));
            stream.drain();
        }
    }

    /** Sends {@code line} and reads its answer. */
    static String ask(TcpStream stream, String line) {
        stream.write((line + "\n").getBytes(UTF_8));
        return stream.readLine();
    }

    /** A server on a free loopback port and {@code clients} clients asking {@code rounds} questions each. */
    static List<String> session(int clients, int rounds) {
        try (TcpServer server = TcpServer.start(0, LineProtocol::serve)) {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                tasks.add(Weft.spawn("client-" + n, () -> {
                    try (TcpStream c = TcpStream.connect("localhost", server.port())) {
                        StringBuilder answers = new StringBuilder();
                        for (int k = 0; k < rounds; k++) {
                            answers.append(ask(c, "client " + n + " line " + k)).append(';');
                        }
                        return answers.toString();
                    }
                }));
            }
            List<String> all = new ArrayList<>();
            tasks.forEach(t -> all.add(t.join()));
            return all;
        }
    }

    /** Starts the line server on {@code host}'s every address at {@code port}; it runs until {@code stop} is set. */
    static void serveOn(SimHost host, int port, Event stop) {
        Event listening = new Event(host.name() + " listening");
        host.spawn(host.name() + "-server", () -> {
            try (TcpServer s = TcpServer.start(new InetSocketAddress(port), LineProtocol::serve)) {
                listening.set();
                stop.await();
            }
            return null;
        });
        listening.await();
    }
}
