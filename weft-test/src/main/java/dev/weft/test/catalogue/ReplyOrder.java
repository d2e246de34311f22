package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.sync.Queue;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * An ordering assumption the network breaks: a client asks a price service for two quotes
 * over two connections, one after the other, and pairs the replies with its requests in the
 * order they arrive. On loopback the first asked is nearly always the first answered; on a
 * network whose latencies vary, the second reply overtakes the first now and then, and the
 * client quotes apples at the price of pears. The fix pairs each reply with the connection it
 * came on.
 */
public final class ReplyOrder {
    private ReplyOrder() {
    }

    public static Bug bug() {
        return new Bug("reply-order", "replies on two connections paired with their requests by arrival order"
                + " are mismatched when the network reorders them", () -> scenario(false), () -> scenario(true));
    }

    private static void scenario(boolean fixed) {
        try (TcpServer prices = TcpServer.start(0, ReplyOrder::quote);
             TcpStream a = TcpStream.connect("localhost", prices.port());
             TcpStream b = TcpStream.connect("localhost", prices.port())) {
            Queue<String> arrived = new Queue<>("replies", 2);
            a.write("quote apples\n".getBytes(UTF_8));
            b.write("quote pears\n".getBytes(UTF_8));
            Task<String> onA = Weft.spawn("reader-a", () -> arrive(a, arrived));
            Task<String> onB = Weft.spawn("reader-b", () -> arrive(b, arrived));
            String apples;
            String pears;
            if (fixed) {
                apples = onA.join();
                pears = onB.join();
            } else {
                apples = arrived.take();
                pears = arrived.take();
            }
            onA.join();
            onB.join();
            Bug.check(apples.startsWith("apples") && pears.startsWith("pears"),
                    "paired the reply '" + apples + "' with the request for apples and '" + pears + "' with pears");
        }
    }

    private static String arrive(TcpStream stream, Queue<String> arrived) {
        String reply = stream.readLine();
        arrived.put(reply);
        return reply;
    }

    /** The price service: one line per request, {@code quote ITEM} answered by {@code ITEM PRICE}. */
    private static void quote(TcpStream stream) {
        String line;
        while ((line = stream.readLine()) != null) {
            String item = line.substring("quote ".length());
            stream.write((item + " " + (item.length() * 7 % 10 + 1) + "\n").getBytes(UTF_8));
        }
    }
}
