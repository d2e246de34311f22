package dev.weft.examples;

import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class EchoTest {
    @Test
    void mainEchoesEveryClientsLine() throws Exception {
        String out = Stdout.capture(() -> Echo.main(new String[0]));
        assertThat(out.lines()).containsExactly("echoed: hello from client 1", "echoed: hello from client 2",
                "echoed: hello from client 3");
    }

    @Test
    void aMegabyteComesBackByteForByteWhileTheClientStillWrites() {
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        byte[] back = Weft.run(() -> {
            try (TcpServer server = TcpServer.start(0, Echo::handle);
                 TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                var writer = Weft.spawn(() -> {
                    c.write(data);
                    c.flush();
                    c.shutdownOutput();
                    return null;
                });
                byte[] all = c.readExactly(data.length);
                writer.join();
                assertThat(c.readLine()).as("the server ends its side after ours").isNull();
                return all;
            }
        });
        assertThat(back).isEqualTo(data);
    }
}
