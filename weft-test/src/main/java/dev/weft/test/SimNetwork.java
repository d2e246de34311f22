package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The in-memory network of a {@link Simulation}: every {@code TcpServer} and {@code TcpStream}
 * a simulated task opens runs over it, with the same API, limits, timeouts and exceptions as on
 * real sockets — so a handler and a client written against {@code TcpServer.start} and
 * {@code TcpStream.connect} run here unchanged. Every delay, reordering and loss is drawn from
 * the simulation's seed: the same seed replays the same run, byte for byte.
 *
 * <pre>{@code
 * Simulation.run(7, () -> {
 *     SimNetwork net = Simulation.network().latency(Duration.ofMillis(1), Duration.ofMillis(20));
 *     SimHost db = net.host("db");
 *     db.spawn("db", () -> {
 *         try (TcpServer s = TcpServer.start(new InetSocketAddress(5432), Store::serve)) { s.join(); }
 *         return null;
 *     });
 *     try (TcpStream c = TcpStream.connect("db", 5432)) { ... }   // from host "main"
 *     net.partition("main", "db");     // bytes in flight wait, connects time out ...
 *     net.heal();                      // ... until the partition heals
 *     return null;
 * });
 * }</pre>
 *
 * <p><b>Hosts.</b> Every task runs on a host: {@code main} (10.0.0.1) unless it was started
 * by {@link SimHost#spawn} on another, or by a task of another (tasks inherit their spawner's
 * host; a server's handlers run on the server's host). A host has its own loopback
 * ({@code 127.0.0.1}, {@code localhost}), its address, and its name, which every host
 * resolves. Partitions are between hosts; loopback traffic never crosses one.
 *
 * <p><b>Links.</b> Writes travel in segments of at most {@link #segmentSize} bytes; each
 * arrives after a latency drawn uniformly from the {@link #latency(Duration, Duration) range},
 * in order within its connection. With {@link #reorder} on (the default), segments of
 * different connections overtake one another as their latencies fall; off, the whole network
 * delivers in the order things were sent. Each direction of a connection holds at most
 * {@link #bufferSize} bytes in flight and unread — the socket buffers — so a slow reader
 * holds its writer back through {@code drain()} as on real sockets.
 *
 * <p><b>Faults.</b> {@link #resets(double)} and {@link #drops(double)} give each segment a
 * chance of ending its connection: reset (both ends fail with {@code BrokenResourceException}
 * at their next read or write) or silently dropped (nothing more arrives either way; the ends
 * see their own timeouts). {@link #partition} holds every segment between two hosts until
 * {@link #heal}; connects across it time out. {@link #reset(String, String)} and
 * {@link #drop(String, String)} end the connections between two hosts at once.
 *
 * <p>Defaults: latency 1–5 ms, reorder on, no loss, 1460-byte segments, 256 KiB buffers.
 * Settings apply to what is sent after they change.
 *
 * <p>Implementation notes: one per simulated run, used on the simulated loop's thread only;
 * its random numbers come from a stream of their own, seeded by the run's schedule, so
 * network draws and scheduling choices never shift each other. {@link SimTransport} is the
 * {@code dev.weft.net.Transport} the loop carries; {@link SimLink} moves a connection's
 * segments; {@link SimConnection} and {@link SimListener} are the ends.
 */
public final class SimNetwork {
    private final SplittableRandom random;
    private final Monitor monitor;
    private final SimTransport transport = new SimTransport(this);
    private final Map<String, SimHost> hosts = new LinkedHashMap<>();
    private final Map<Task<?>, SimHost> placed = new IdentityHashMap<>();
    private final SimFaults faults = new SimFaults(this);
    private EventLoop loop;
    private SimHost nextHost;
    private SimHost callbackHost;
    private long minLatency = Duration.ofMillis(1).toNanos();
    private long maxLatency = Duration.ofMillis(5).toNanos();
    private boolean reorder = true;
    private double resets;
    private double drops;
    private int segmentSize = 1460;
    private int bufferSize = 256 * 1024;
    private long lastArrival;
    final Counters counters = new Counters();

    SimNetwork(long seed, Monitor monitor) {
        this.random = new SplittableRandom(seed ^ 0x6E65_7477_6F72_6BL);
        this.monitor = monitor;
        host("main");
    }

    // ---------------------------------------------------------------- conditions

    /** Every segment takes exactly {@code latency}. */
    public SimNetwork latency(Duration latency) {
        return latency(latency, latency);
    }

    /** Each segment takes a latency drawn uniformly from {@code min} to {@code max}, at microsecond grain. */
    public SimNetwork latency(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max, got " + min + " and " + max);
        }
        minLatency = min.toNanos();
        maxLatency = max.toNanos();
        return this;
    }

    /** Whether segments of different connections may overtake one another (default true). */
    public SimNetwork reorder(boolean reorder) {
        this.reorder = reorder;
        return this;
    }

    /** The chance that a segment resets its connection instead of arriving (default 0). */
    public SimNetwork resets(double perSegment) {
        this.resets = probability(perSegment, "resets");
        return this;
    }

    /** The chance that a segment silently kills its connection: it and all after it are lost (default 0). */
    public SimNetwork drops(double perSegment) {
        this.drops = probability(perSegment, "drops");
        return this;
    }

    /** The most bytes of one write that travel as one segment (default 1460, an Ethernet MSS). */
    public SimNetwork segmentSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("segmentSize must be at least 1, got " + bytes);
        }
        this.segmentSize = bytes;
        return this;
    }

    /** The most bytes one direction of a connection holds in flight and unread (default 256 KiB). */
    public SimNetwork bufferSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1, got " + bytes);
        }
        this.bufferSize = bytes;
        return this;
    }

    private static double probability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be a probability between 0 and 1, got " + p);
        }
        return p;
    }

    // ---------------------------------------------------------------- hosts

    /** The host named {@code name}, added (with the next free 10.0.0.x address) if it is new. */
    public SimHost host(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.equals("localhost") || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a host name must be a plain word, not '" + name + "'");
        }
        return hosts.computeIfAbsent(name, n -> new SimHost(this, n, hosts.size()));
    }

    /** Every host so far, {@code main} first. */
    public List<SimHost> hosts() {
        return new ArrayList<>(hosts.values());
    }

    /** The host of a name or a 10.0.0.x address, or null. */
    SimHost find(String nameOrAddress) {
        SimHost h = hosts.get(nameOrAddress);
        if (h != null) {
            return h;
        }
        for (SimHost each : hosts.values()) {
            if (each.address().getHostAddress().equals(nameOrAddress)) {
                return each;
            }
        }
        return null;
    }

    SimHost require(String nameOrAddress) {
        SimHost h = find(nameOrAddress);
        if (h == null) {
            throw new IllegalArgumentException("no host " + nameOrAddress + " in this network; hosts: " + hosts.keySet());
        }
        return h;
    }

    /** Starts {@code body} as a task on {@code host}. */
    <T> Task<T> spawnOn(SimHost host, String name, java.util.concurrent.Callable<T> body) {
        nextHost = host;
        try {
            return name == null ? Weft.spawn(body) : Weft.spawn(name, body);
        } finally {
            nextHost = null;
        }
    }

    /** A task was spawned, by {@code parent} (null: by a callback): it runs on its spawner's host. */
    void spawned(Task<?> task, Task<?> parent) {
        SimHost host = nextHost != null ? nextHost
                : parent != null ? hostOf(parent) : callbackHost != null ? callbackHost : hosts.get("main");
        placed.put(task, host);
    }

    /** Runs a callback whose spawns belong to {@code host}: a listener's accepting, on its server's host. */
    void runOn(SimHost host, Runnable callback) {
        SimHost before = callbackHost;
        callbackHost = host;
        try {
            callback.run();
        } finally {
            callbackHost = before;
        }
    }

    SimHost hostOf(Task<?> task) {
        return placed.getOrDefault(task, hosts.get("main"));
    }

    /** The host of the calling task. */
    SimHost here() {
        return hostOf(Weft.currentTask());
    }

    // ---------------------------------------------------------------- faults

    /** Cuts {@code a} off from {@code b} (names or addresses): segments between them wait until healed. */
    public SimNetwork partition(String a, String b) {
        faults.partition(require(a), require(b));
        return this;
    }

    /** Cuts {@code host} off from every other host. */
    public SimNetwork isolate(String host) {
        SimHost h = require(host);
        for (SimHost other : hosts.values()) {
            if (other != h) {
                faults.partition(h, other);
            }
        }
        return this;
    }

    /** Ends the partition between {@code a} and {@code b}; what waited is sent again. */
    public SimNetwork heal(String a, String b) {
        faults.heal(require(a), require(b));
        return this;
    }

    /** Ends every partition. */
    public SimNetwork heal() {
        faults.healAll();
        return this;
    }

    /** True while {@code a} and {@code b} are partitioned. */
    public boolean isPartitioned(String a, String b) {
        return faults.blocked(require(a), require(b));
    }

    /** Resets every open connection between hosts {@code a} and {@code b} (the same host twice: its own). */
    public SimNetwork reset(String a, String b) {
        faults.endLinks(require(a), require(b), true);
        return this;
    }

    /** Silently kills every open connection between hosts {@code a} and {@code b}. */
    public SimNetwork drop(String a, String b) {
        faults.endLinks(require(a), require(b), false);
        return this;
    }

    SimFaults faults() {
        return faults;
    }

    // ---------------------------------------------------------------- for the links

    SimTransport transport() {
        return transport;
    }

    /** The simulated loop, once the run has started. */
    EventLoop loop() {
        if (loop == null) {
            loop = Weft.loop();
        }
        return loop;
    }

    long now() {
        return loop().nanoTime();
    }

    /** When a segment sent now on a connection whose last one arrives at {@code after} arrives. */
    long arrival(long after) {
        long spread = (maxLatency - minLatency) / 1000;
        long latency = minLatency + (spread > 0 ? random.nextLong(spread + 1) * 1000 : 0);
        long at = Math.max(after, now() + latency);
        if (!reorder) {
            at = Math.max(at, lastArrival + 1);
            lastArrival = at;
        }
        return at;
    }

    /** What a segment sent now will do to its connection. */
    SimLink.Fate fate() {
        if (resets > 0 && random.nextDouble() < resets) {
            return SimLink.Fate.RESET;
        }
        if (drops > 0 && random.nextDouble() < drops) {
            return SimLink.Fate.DROP;
        }
        return SimLink.Fate.ARRIVE;
    }

    int segmentSize() {
        return segmentSize;
    }

    int bufferSize() {
        return bufferSize;
    }

    /** True when the run is traced: only then are network lines written. */
    boolean tracing() {
        return monitor.trace() != null;
    }

    void trace(String line) {
        monitor.netEvent(line);
    }

    /** A write's switch point, on the writing task. */
    void switchPoint(Object stream, int bytes) {
        monitor.writeStarts(stream, bytes);
    }

    // ---------------------------------------------------------------- facts

    /** What the network has carried so far. */
    public Statistics statistics() {
        return counters.snapshot();
    }

    /**
     * A network's counters.
     *
     * @param connections connects begun
     * @param refused     connects refused (nobody listened)
     * @param segments    segments delivered
     * @param bytes       bytes of data delivered
     * @param held        segments held back by a partition
     * @param resets      connections reset (by a fault or by an end)
     * @param drops       connections silently killed
     */
    public record Statistics(long connections, long refused, long segments, long bytes, long held, long resets,
                             long drops) {
    }

    static final class Counters {
        long connections;
        long refused;
        long segments;
        long bytes;
        long held;
        long resets;
        long drops;

        Statistics snapshot() {
            return new Statistics(connections, refused, segments, bytes, held, resets, drops);
        }
    }

    @Override
    public String toString() {
        return "SimNetwork[" + hosts.keySet() + ", latency " + TraceLog.time(minLatency) + "-"
                + TraceLog.time(maxLatency) + (reorder ? ", reordering" : "") + ", " + faults + "]";
    }
}
