package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class TransportTest {

    /** The sockets, with every connect and listen counted, and the bytes written on both ends. */
    static final class Counting implements Transport {
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger listens = new AtomicInteger();
        final AtomicInteger written = new AtomicInteger();

        @Override
        public Connection connect(SocketAddress remote) throws IOException {
            connects.incrementAndGet();
            return new Counted(Transport.sockets().connect(remote));
        }

        @Override
        public Listener listen(SocketAddress at, int backlog) throws IOException {
            listens.incrementAndGet();
            Listener socket = Transport.sockets().listen(at, backlog);
            return new Listener() {
                @Override
                public void start(EventLoop loop, Runnable acceptable) throws IOException {
                    socket.start(loop, acceptable);
                }

                @Override
                public void accepting(boolean on) {
                    socket.accepting(on);
                }

                @Override
                public boolean isOpen() {
                    return socket.isOpen();
                }

                @Override
                public Connection accept() throws IOException {
                    Connection c = socket.accept();
                    return c == null ? null : new Counted(c);
                }

                @Override
                public SocketAddress address() {
                    return socket.address();
                }

                @Override
                public void close() throws IOException {
                    socket.close();
                }
            };
        }

        /** A socket connection that counts the bytes it writes. */
        final class Counted implements Connection {
            private final Connection socket;

            Counted(Connection socket) {
                this.socket = socket;
            }

            @Override
            public void start(EventLoop loop, IntConsumer ready) throws IOException {
                socket.start(loop, ready);
            }

            @Override
            public void interest(int ops) {
                socket.interest(ops);
            }

            @Override
            public boolean finishConnect() throws IOException {
                return socket.finishConnect();
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return socket.read(dst);
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                int n = socket.write(src);
                written.addAndGet(n);
                return n;
            }

            @Override
            public void shutdownOutput() throws IOException {
                socket.shutdownOutput();
            }

            @Override
            public void close() {
                socket.close();
            }

            @Override
            public SocketAddress remoteAddress() {
                return socket.remoteAddress();
            }

            @Override
            public SocketAddress localAddress() {
                return socket.localAddress();
            }

            @Override
            public boolean readyFromOutside() {
                return socket.readyFromOutside();
            }
        }
    }

    private static String echoOnce() {
        try (TcpServer server = TcpServer.start(0, TcpStreamTest::echo);
             TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
            c.write("through the transport\n".getBytes(UTF_8));
            return c.readLine();
        }
    }

    @Test
    void theStreamsAndServersOfALoopGoThroughTheTransportItCarries() {
        Counting counting = new Counting();
        String echoed = Weft.run(EventLoop.Options.defaults().withService(counting), () -> {
            assertThat(Transport.of(Weft.loop())).isSameAs(counting);
            return echoOnce();
        });
        assertThat(echoed).isEqualTo("through the transport");
        assertThat(counting.connects).hasValue(1);
        assertThat(counting.listens).hasValue(1);
        assertThat(counting.written).as("the client's line, and the server's echo of it")
                .hasValue(2 * "through the transport\n".length());
    }

    @Test
    void otherLoopsAndPlainThreadsKeepTheSockets() throws Exception {
        Counting counting = new Counting();
        try (LoopGroup plain = LoopGroup.open(1);
             TcpServer server = TcpServer.start(null, TcpStreamTest::echo,
                     TcpServer.Options.defaults().withLoops(plain))) {
            String inside = Weft.run(EventLoop.Options.defaults().withService(counting), () -> {
                try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                    c.write("from the carrying loop\n".getBytes(UTF_8));
                    return c.readLine();
                }
            });
            assertThat(inside).isEqualTo("from the carrying loop");
            try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                c.write("from a plain thread\n".getBytes(UTF_8));
                assertThat(c.readLine()).isEqualTo("from a plain thread");
            }
        }
        assertThat(counting.connects).as("only the carrying loop's connect").hasValue(1);
        assertThat(counting.listens).as("the server's loop carries no transport").hasValue(0);
        assertThat(Transport.of(null)).isSameAs(Transport.sockets());
        assertThat(Weft.run(() -> Transport.of(Weft.loop()))).isSameAs(Transport.sockets());
    }
}
