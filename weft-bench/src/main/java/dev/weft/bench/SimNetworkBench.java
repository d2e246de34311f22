package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.test.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code dev.weft.test}'s simulated network: the real time one echo round trip of a 64-byte line
 * costs on it, inside {@code Simulation.run}. One invocation is one whole simulation — a server and
 * {@value #CLIENTS} clients on the default network (1–5 ms latency, reordering), each client
 * {@value #ROUNDS} round trips — so set-up and the seeded scheduler's choices are included; each
 * invocation takes the next seed. Scores are nanoseconds per round trip (two simulated writes,
 * two reads, two segments, the handler's and the client's task switches); 10⁹ / score is
 * simulated round trips per second. Beside it, {@link NetEchoBench#pingPong} is the same round
 * trip on real loopback sockets.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.JAVA_LANG})
public class SimNetworkBench {
    static final int CLIENTS = 10;
    static final int ROUNDS = 100;
    private static final byte[] LINE = (("x".repeat(63)) + "\n").getBytes(UTF_8);

    private long seed;

    private static void echo(TcpStream s) {
        String line;
        while ((line = s.readLine()) != null) {
            s.write((line + "\n").getBytes(UTF_8));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CLIENTS * ROUNDS)
    public long echo() {
        return Simulation.run(seed++, () -> {
            try (TcpServer server = TcpServer.start(0, SimNetworkBench::echo)) {
                List<Task<Long>> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(Weft.spawn(() -> {
                        try (TcpStream c = TcpStream.connect("localhost", server.port())) {
                            long bytes = 0;
                            for (int r = 0; r < ROUNDS; r++) {
                                c.write(LINE);
                                bytes += c.readLine().length();
                            }
                            return bytes;
                        }
                    }));
                }
                long total = 0;
                for (Task<Long> t : clients) {
                    total += t.join();
                }
                return total;
            }
        });
    }
}
