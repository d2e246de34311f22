package dev.weft.bench;

import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code dev.weft.net} on one loop, client and server both tasks of it, over loopback TCP:
 * {@value #ROUNDS} round trips of a {@code size}-byte message per invocation (server and
 * connection set-up included, spread over them). Scores are nanoseconds per round trip: two
 * writes, two reads and two task switches, the kernel's loopback path included. The side-by-side
 * figures against other servers come from {@code weft-bench/net/run.sh}, which JMH cannot run.
 *
 * <ul>
 *   <li>{@link #pingPong}: one message in flight; each side waits for the other every time.
 *   <li>{@link #pipelined}: the client writes {@value #DEPTH} messages before reading their
 *       echoes, so each wake-up of a task serves several messages.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
public class NetEchoBench {
    static final int ROUNDS = 20_000;
    static final int DEPTH = 16;

    @Param({"64", "16384"})
    public int size;

    private static void echo(TcpStream s) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        while (s.read(buf.clear()) >= 0) {
            s.write(buf.flip());
            s.drain();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long pingPong() {
        return rounds(1);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public long pipelined() {
        return rounds(DEPTH);
    }

    private long rounds(int depth) {
        byte[] message = new byte[size];
        return Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, NetEchoBench::echo);
                 TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                long bytes = 0;
                for (int i = 0; i < ROUNDS; i += depth) {
                    for (int k = 0; k < depth; k++) {
                        c.write(message);
                    }
                    bytes += c.readExactly(size * depth).length;
                }
                return bytes;
            }
        });
    }
}
