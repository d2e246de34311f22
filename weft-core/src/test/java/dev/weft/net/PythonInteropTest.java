package dev.weft.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A client nobody here wrote: Python's asyncio streams, 50 connections at once, against a Weft
 * echo server over TCP and over a Unix-domain socket. Skipped, with a message, without python3.
 */
@Timeout(60)
class PythonInteropTest {
    private static final String CLIENT = """
            import asyncio, random, sys
            async def one(where, seed):
                rnd = random.Random(seed)
                if where.isdigit():
                    r, w = await asyncio.open_connection('127.0.0.1', int(where))
                else:
                    r, w = await asyncio.open_unix_connection(where)
                for _ in range(20):
                    msg = rnd.randbytes(rnd.randint(1, 3000))
                    w.write(msg)
                    await w.drain()
                    back = await r.readexactly(len(msg))
                    assert back == msg, 'echo differs'
                line = b'a line of text\\n'
                w.write(line)
                assert await r.readline() == line
                w.write_eof()
                assert await r.read() == b'', 'the server did not end its side after ours'
                w.close()
                await w.wait_closed()
            async def main(where):
                await asyncio.gather(*(one(where, s) for s in range(50)))
                print('OK')
            asyncio.run(main(sys.argv[1]))
            """;

    /** True if {@code command --version} runs and exits 0. */
    static boolean has(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.getInputStream().close();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void echo(TcpStream s) {
        ByteBuffer b = ByteBuffer.allocate(1024);
        while (s.read(b.clear()) >= 0) {
            s.write(b.flip());
            s.drain();
        }
    }

    private static void runClient(SocketAddress at, String where) throws Exception {
        assumeTrue(has("python3"), "python3 is not installed: skipping the asyncio interop test");
        int fds = NetTesting.openFds();
        try (LoopGroup loop = LoopGroup.open(1);
             TcpServer server = TcpServer.start(at, PythonInteropTest::echo, TcpServer.Options.defaults().withLoops(loop))) {
            String arg = where != null ? where : String.valueOf(server.port());
            Process p = new ProcessBuilder("python3", "-c", CLIENT, arg).redirectErrorStream(true).start();
            p.getOutputStream().close();
            try (var in = p.getInputStream()) {
                assertThat(p.waitFor(50, TimeUnit.SECONDS)).as("the python client ended in time").isTrue();
                String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(out).as(out).isEqualTo("OK\n");
            }
            assertThat(server.acceptedCount()).isEqualTo(50);
            assertThat(server.failures()).isZero();
        }
        NetTesting.assertNoFdLeak(fds);
    }

    @Test
    void pythonAsyncioStreamsTalkToTheEchoServer() throws Exception {
        runClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
    }

    @Test
    void pythonAsyncioStreamsTalkToTheEchoServerOverAUnixSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("echo.sock");
        runClient(java.net.UnixDomainSocketAddress.of(sock), sock.toString());
    }
}
