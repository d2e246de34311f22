// chat — a room where every line a client sends goes to every other client. The room (who is
// in it) is a plain HashMap with no lock: every connection's task runs on the one loop that
// owns the room, and tasks of one loop switch only where they wait, so nobody sees the map
// half-changed. Without arguments, three simulated users talk and leave; with a PORT it serves
// until killed (try it with `nc 127.0.0.1 PORT`).
package dev.weft.examples;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.BrokenResourceException;
import dev.weft.net.ClosedResourceException;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.sync.Barrier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

public final class Chat {
    private final Map<TcpStream, String> room = new HashMap<>();   // owned by one loop: no lock

    /** How many members are in the room now. Only for tasks of the room's loop. */
    int members() {
        return room.size();
    }

    /** One member: a name line, then every line broadcast until the member leaves. */
    void handle(TcpStream stream) {
        String name = stream.readLine();
        if (name == null || name.isBlank()) {
            return;
        }
        room.put(stream, name);
        broadcast(stream, "* " + name + " joined (" + room.size() + " here)");
        try {
            String line;
            while ((line = stream.readLine()) != null) {
                broadcast(stream, name + ": " + line);
            }
        } finally {
            room.remove(stream);
            broadcast(stream, "* " + name + " left");
        }
    }

    private void broadcast(TcpStream from, String text) {
        byte[] line = (text + "\n").getBytes(UTF_8);
        for (TcpStream member : List.copyOf(room.keySet())) {
            if (member != from) {
                try {
                    member.write(line);                 // queues; never waits on a slow member
                } catch (BrokenResourceException | ClosedResourceException gone) {
                    room.remove(member);
                }
            }
        }
    }

    public static void main(String[] args) {
        int port = (int) Examples.number(args, 0, "PORT", -1);
        Chat chat = new Chat();
        List<String> seen = Weft.run(() -> {
            try (TcpServer server = TcpServer.start(Math.max(port, 0), chat::handle)) {
                if (port >= 0) {
                    System.out.println("chat: serving on 127.0.0.1:" + server.port() + " (Ctrl-C stops)");
                    server.join();
                    return List.of();
                }
                String[] users = {"ada", "grace", "linus"};
                Barrier joined = new Barrier(users.length);
                Barrier spoke = new Barrier(users.length);
                List<Task<List<String>>> tasks = new ArrayList<>();
                for (String user : users) {
                    tasks.add(Weft.spawn(user, () -> {
                        try (TcpStream c = TcpStream.connect("127.0.0.1", server.port())) {
                            c.write((user + "\n").getBytes(UTF_8));
                            c.flush();
                            while (chat.room.size() < users.length) {
                                Weft.sleep(java.time.Duration.ofMillis(1));
                            }
                            joined.await();
                            c.write(("hi, I am " + user + "\n").getBytes(UTF_8));
                            List<String> heard = new ArrayList<>();
                            while (heard.stream().filter(l -> l.contains("hi, I am")).count() < users.length - 1) {
                                heard.add(c.readLine());
                            }
                            spoke.await();
                            return heard.stream().filter(l -> l.contains("hi, I am")).map(l -> user + " heard " + l).toList();
                        }
                    }));
                }
                List<String> all = new ArrayList<>();
                tasks.forEach(t -> all.addAll(t.join()));
                return all;
            }
        });
        seen.stream().sorted().forEach(System.out::println);
    }
}
