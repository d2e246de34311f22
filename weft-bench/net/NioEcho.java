// The plain Java reference for Weft's network benchmarks: one thread, one java.nio Selector,
// no framework. `echo` writes back what it reads; `http` answers each request head (counted
// by its blank line, so pipelining works) with a fixed hello response, without parsing.
//
//   java NioEcho.java PORT echo|http        (binds 127.0.0.1; prints "ready")
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

public final class NioEcho {
    private static final byte[] HELLO = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n"
            + "Hello, world!\n").getBytes(StandardCharsets.US_ASCII);

    /** One connection: its input buffer, what the socket did not take yet, and the blank-line matcher's state. */
    private static final class Conn {
        final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        ByteBuffer pending;
        int matched;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        boolean http = args.length > 1 && args[1].equals("http");
        Selector selector = Selector.open();
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        ByteBuffer answers = ByteBuffer.allocateDirect(HELLO.length * 64);
        System.out.println("ready");
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                try {
                    if (key.isAcceptable()) {
                        SocketChannel ch;
                        while ((ch = listener.accept()) != null) {
                            ch.configureBlocking(false);
                            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            ch.register(selector, SelectionKey.OP_READ, new Conn());
                        }
                    } else {
                        serve(key, http, answers);
                    }
                } catch (IOException e) {
                    key.cancel();
                    key.channel().close();
                }
            }
        }
    }

    private static void serve(SelectionKey key, boolean http, ByteBuffer answers) throws IOException {
        SocketChannel ch = (SocketChannel) key.channel();
        Conn c = (Conn) key.attachment();
        if (c.pending != null) {              // writable again: finish the last answer, then read again
            ch.write(c.pending);
            if (!c.pending.hasRemaining()) {
                c.pending = null;
                key.interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        if (ch.read(c.in.clear()) < 0) {
            key.cancel();
            ch.close();
            return;
        }
        c.in.flip();
        ByteBuffer out = c.in;
        if (http) {
            answers.clear();
            int m = c.matched;
            for (int i = c.in.position(); i < c.in.limit(); i++) {
                byte b = c.in.get(i);
                m = b == (m % 2 == 0 ? '\r' : '\n') ? m + 1 : b == '\r' ? 1 : 0;
                if (m == 4) {
                    m = 0;
                    if (answers.remaining() < HELLO.length) {
                        answers = ByteBuffer.allocateDirect(answers.capacity() * 2).put(answers.flip());
                    }
                    answers.put(HELLO);
                }
            }
            c.matched = m;
            out = answers.flip();
        }
        ch.write(out);
        if (out.hasRemaining()) {
            c.pending = ByteBuffer.allocate(out.remaining()).put(out).flip();
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }
}
