package dev.weft.test;

import dev.weft.Task;
import dev.weft.net.TcpStream;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names for a trace that are the same in every run of one seed. Weft numbers unnamed tasks
 * and primitives from JVM-wide counters ({@code Task-57}, {@code Lock-12}), which differ from
 * one run to the next in one JVM; this renumbers them in order of first appearance within the
 * run ({@code Lock-1}, {@code Lock-2}…).
 *
 * <p>Implementation notes: one per traced run, used on the simulated loop's thread only.
 */
final class Labels {
    private static final Pattern COUNTED =
            Pattern.compile("\\b(Task|Lock|Semaphore|Event|Condition|Barrier|Queue)-(\\d+)\\b");
    private static final Pattern STATE = Pattern.compile("\\[(RUNNING|SUCCESS|FAILED|CANCELLED)]$");

    private final Map<Object, String> resources = new IdentityHashMap<>();
    private final Map<String, String> renamed = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<Task<?>, Unit> units;

    Labels(Map<Task<?>, Unit> units) {
        this.units = units;
    }

    /** A task's or primitive's label, fixed at first sight. */
    String of(Object resource) {
        if (resource instanceof Task<?> task && units.get(task) != null) {
            return units.get(task).label;
        }
        return resources.computeIfAbsent(resource, r -> text(kinded(r)));
    }

    /**
     * {@code Lock 'account'} for a lock named account; names that already say their kind stay.
     * A stream is named by both its ends, {@code TcpStream main:32769 > db:5432}, since every
     * client of one server has the same peer.
     */
    static String kinded(Object r) {
        if (r instanceof TcpStream stream && stream.localAddress() != null) {
            return "TcpStream " + compact(stream.localAddress()) + " > " + compact(stream.remoteAddress());
        }
        String s = STATE.matcher(String.valueOf(r)).replaceFirst("");
        String kind = r.getClass().getSimpleName();
        if (r.getClass().getPackageName().equals("dev.weft.sync") && !s.startsWith(kind)) {
            return kind + " '" + s + "'";
        }
        return s;
    }

    private static String compact(SocketAddress a) {
        return a instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort() : String.valueOf(a);
    }

    /** {@code text} with every JVM-counted name replaced by its run-local one. */
    String text(String text) {
        if (text == null || text.indexOf('-') < 0) {
            return text;
        }
        Matcher m = COUNTED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String local = renamed.computeIfAbsent(m.group(), k -> m.group(1) + "-" + counts.merge(m.group(1), 1, Integer::sum));
            m.appendReplacement(out, Matcher.quoteReplacement(local));
        }
        return m.appendTail(out).toString();
    }

    /** Registers the label a task's global default name stands for. */
    void alias(String globalName, String local) {
        renamed.put(globalName, local);
    }
}
