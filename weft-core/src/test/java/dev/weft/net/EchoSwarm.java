package dev.weft.net;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Barrier;
import dev.weft.sync.Semaphore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A client process for {@code ManyConnectionsTest}: opens CONNS connections to 127.0.0.1:PORT
 * from one loop; each has one byte echoed (so the server has accepted it and runs its handler),
 * then waits until every connection has got that far, so all CONNS are served at once; then each
 * sends ROUNDS random messages and checks the echo byte for byte. Prints "OK conns bytes" and exits 0, or prints what went wrong and exits 1.
 * Usage: EchoSwarm PORT CONNS ROUNDS SEED
 */
public final class EchoSwarm {
    private EchoSwarm() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int conns = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        try {
            long bytes = Weft.run(() -> {
                Semaphore connecting = new Semaphore("connecting", 256);
                Barrier allOpen = new Barrier(conns);
                List<Task<Long>> tasks = new ArrayList<>(conns);
                for (int i = 0; i < conns; i++) {
                    Random rnd = new Random(seed * 31 + i);
                    tasks.add(Weft.spawn(() -> {
                        TcpStream s;
                        try (Semaphore.Held h = connecting.hold()) {
                            s = TcpStream.connect("127.0.0.1", port);
                        }
                        try (s) {
                            s.write(new byte[] {7});
                            if (s.readExactly(1)[0] != 7) {
                                throw new AssertionError("the first byte came back wrong");
                            }
                            allOpen.await();
                            long n = 0;
                            for (int r = 0; r < rounds; r++) {
                                byte[] msg = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 4096 : 64)];
                                rnd.nextBytes(msg);
                                s.write(msg);
                                byte[] back = s.readExactly(msg.length);
                                if (!Arrays.equals(msg, back)) {
                                    throw new AssertionError("echo differs on a connection, round " + r);
                                }
                                n += msg.length;
                            }
                            return n;
                        }
                    }));
                }
                long total = 0;
                for (Task<Long> t : tasks) {
                    total += t.join();
                }
                return total;
            });
            System.out.println("OK " + conns + " " + bytes);
            System.exit(0);
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }
}
