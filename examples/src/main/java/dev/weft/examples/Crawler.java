// crawler — fetches the thousand pages of a local site (the http example's /page/N, each
// linking to two more) following links, with at most N fetches in flight: a Semaphore bounds
// the concurrency, a TaskGroup owns the fetch tasks, and the set of pages seen needs no lock
// because every task runs on the one loop.
package dev.weft.examples;

import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.net.TcpServer;
import dev.weft.net.TcpStream;
import dev.weft.sync.Semaphore;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Crawler {
    private static final Pattern LINK = Pattern.compile("href=\"(/page/\\d+)\"");

    /** What a crawl found: pages fetched, and the most fetches that were ever in flight at once. */
    public record Result(int pages, int maxInFlight) {
    }

    private final int port;
    private final Semaphore slots;
    private final Set<String> seen = new HashSet<>();   // one loop: no lock
    private int inFlight;
    private int maxInFlight;
    private int fetched;

    private Crawler(int port, int limit) {
        this.port = port;
        this.slots = new Semaphore("fetch slots", limit);
    }

    /** Crawls the site on {@code port} from /page/0 with at most {@code limit} fetches at once. */
    public static Result crawl(int port, int limit) {
        Crawler c = new Crawler(port, limit);
        TaskGroup.run(group -> {
            c.visit(group, "/page/0");
            return null;
        });
        return new Result(c.fetched, c.maxInFlight);
    }

    private void visit(TaskGroup group, String path) {
        if (!seen.add(path)) {
            return;
        }
        group.spawn(path, () -> {
            String body;
            try (Semaphore.Held slot = slots.hold()) {
                inFlight++;
                maxInFlight = Math.max(maxInFlight, inFlight);
                try (TcpStream s = TcpStream.connect("127.0.0.1", port)) {
                    Http.Response r = Http.get(s, path);
                    if (r.status() != 200) {
                        throw new IllegalStateException(path + " answered " + r.status());
                    }
                    body = r.text();
                } finally {
                    inFlight--;
                }
            }
            fetched++;
            Matcher m = LINK.matcher(body);
            while (m.find()) {
                visit(group, m.group(1));
            }
            return null;
        });
    }

    public static void main(String[] args) {
        int limit = Examples.count(args, 0, "IN_FLIGHT", 20, 1);
        Result r = Weft.run(() -> {
            try (TcpServer site = Http.serve(0, Http.Config.defaults())) {
                long t0 = System.nanoTime();
                Result result = crawl(site.port(), limit);
                System.out.printf("fetched %d pages in %d ms, at most %d at once (limit %d)%n", result.pages(),
                        (System.nanoTime() - t0) / 1_000_000, result.maxInFlight(), limit);
                return result;
            }
        });
        if (r.pages() != 1000) {
            throw new IllegalStateException("expected 1000 pages, fetched " + r.pages());
        }
    }
}
