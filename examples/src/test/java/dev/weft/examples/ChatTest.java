package dev.weft.examples;

import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ChatTest {
    @Test
    void mainHasEveryUserHearEveryOther() throws Exception {
        String out = Stdout.capture(() -> Chat.main(new String[0]));
        assertThat(out.lines()).containsExactly(
                "ada heard grace: hi, I am grace", "ada heard linus: hi, I am linus",
                "grace heard ada: hi, I am ada", "grace heard linus: hi, I am linus",
                "linus heard ada: hi, I am ada", "linus heard grace: hi, I am grace");
    }

    @Test
    void aLineGoesToEveryOtherMemberAndLeavingIsAnnounced() {
        Weft.run(() -> {
            Chat chat = new Chat();
            try (TcpServer server = TcpServer.start(0, chat::handle);
                 TcpStream a = TcpStream.connect("127.0.0.1", server.port());
                 TcpStream b = TcpStream.connect("127.0.0.1", server.port());
                 TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                join(chat, a, "a", 1);
                join(chat, b, "b", 2);
                assertThat(a.readLine()).isEqualTo("* b joined (2 here)");
                join(chat, c, "c", 3);
                assertThat(a.readLine()).isEqualTo("* c joined (3 here)");
                assertThat(b.readLine()).isEqualTo("* c joined (3 here)");
                b.write("hello all\n".getBytes(UTF_8));
                assertThat(a.readLine()).isEqualTo("b: hello all");
                assertThat(c.readLine()).isEqualTo("b: hello all");
                b.close();
                assertThat(a.readLine()).isEqualTo("* b left");
                assertThat(c.readLine()).isEqualTo("* b left");
                c.write("still here\n".getBytes(UTF_8));
                assertThat(a.readLine()).isEqualTo("c: still here");
            }
            return null;
        });
    }

    /** Sends a member's name and lets the loop run until the room has them: the order of joining is fixed. */
    private static void join(Chat chat, TcpStream member, String name, int members) {
        member.write((name + "\n").getBytes(UTF_8));
        while (chat.members() < members) {
            Weft.yieldNow();
        }
    }
}
