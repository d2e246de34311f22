package dev.weft.profile.suite;

import dev.weft.profile.Bound;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * I/O: 16 request/response round trips of 64 bytes with an echo server on loopback, over a
 * connection the unit opens and closes. The server (in this process) serves each connection
 * on a virtual thread.
 */
final class LoopbackEcho implements Workload {
    static final int ROUND_TRIPS = 16;
    static final int MESSAGE = 64;

    @Override
    public String name() {
        return "loopback-echo";
    }

    @Override
    public Bound label() {
        return Bound.IO;
    }

    @Override
    public String shape() {
        return "request/response over a loopback TCP socket";
    }

    @Override
    public Prepared prepare() throws IOException {
        ServerSocket server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = Thread.ofPlatform().daemon().name("echo-acceptor").start(() -> accept(server));
        int port = server.getLocalPort();
        return new Prepared() {
            @Override
            public void unit() throws IOException {
                byte[] message = new byte[MESSAGE];
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        message[0] = (byte) i;
                        out.write(message);
                        if (in.readNBytes(message, 0, MESSAGE) != MESSAGE || message[0] != (byte) i) {
                            throw new IOException("the echo server answered short or wrong");
                        }
                    }
                }
            }

            @Override
            public void close() throws Exception {
                server.close();
                acceptor.join();
            }
        };
    }

    private static void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("echo-conn").start(() -> echo(s));
            } catch (IOException e) {
                return;                                   // closed: the workload is done
            }
        }
    }

    private static void echo(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            byte[] buf = new byte[MESSAGE];
            int n;
            while ((n = in.readNBytes(buf, 0, MESSAGE)) == MESSAGE) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client went away: its unit has ended
        }
    }
}
