package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;

import java.time.Duration;
import java.util.List;

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
 *     try (TcpStream c = TcpStream.connect("db", 5432)) { ... }   // from host "main"; db listens
 *                                       // before the SYN arrives: tasks run before the clock moves
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
 * <p>Implementation notes: one per simulated run, used on the simulated loop's thread only.
 * This class is the face; {@link SimConditions} holds the settings and draws the random
 * numbers, {@link SimPlacement} the hosts and which task runs where, {@link SimFaults} the
 * partitions; {@link SimTransport} is the {@code dev.weft.net.Transport} the loop carries,
 * {@link SimLink} moves a connection's segments, {@link SimConnection} and
 * {@link SimListener} are its ends.
 */
public final class SimNetwork {
    private final Monitor monitor;
    private final SimConditions conditions;
    private final SimPlacement placement = new SimPlacement(this);
    private final SimFaults faults = new SimFaults(this);
    private final SimTransport transport = new SimTransport(this);
    private EventLoop loop;
    final Counters counters = new Counters();

    SimNetwork(long seed, Monitor monitor) {
        this.conditions = new SimConditions(seed);
        this.monitor = monitor;
    }

    // ---------------------------------------------------------------- conditions

    /** Every segment takes exactly {@code latency}. */
    public SimNetwork latency(Duration latency) {
        return latency(latency, latency);
    }

    /** Each segment takes a latency drawn uniformly from {@code min} to {@code max}, at microsecond grain. */
    public SimNetwork latency(Duration min, Duration max) {
        conditions.latency(min, max);
        return this;
    }

    /** Whether segments of different connections may overtake one another (default true). */
    public SimNetwork reorder(boolean reorder) {
        conditions.reorder(reorder);
        return this;
    }

    /** The chance that a segment resets its connection instead of arriving (default 0). */
    public SimNetwork resets(double perSegment) {
        conditions.resets(perSegment);
        return this;
    }

    /** The chance that a segment silently kills its connection: it and all after it are lost (default 0). */
    public SimNetwork drops(double perSegment) {
        conditions.drops(perSegment);
        return this;
    }

    /** The most bytes of one write that travel as one segment (default 1460, an Ethernet MSS). */
    public SimNetwork segmentSize(int bytes) {
        conditions.segmentSize(bytes);
        return this;
    }

    /** The most bytes one direction of a connection holds in flight and unread (default 256 KiB). */
    public SimNetwork bufferSize(int bytes) {
        conditions.bufferSize(bytes);
        return this;
    }

    // ---------------------------------------------------------------- hosts

    /**
     * The host named {@code name}, added with the next free {@code 10.0.0.x} address if it is new.
     *
     * @throws IllegalArgumentException if the name is not a plain word, or is {@code localhost}
     */
    public SimHost host(String name) {
        return placement.host(name);
    }

    /** Every host so far, {@code main} first. */
    public List<SimHost> hosts() {
        return placement.hosts();
    }

    /** The host {@code task} runs on. */
    public SimHost hostOf(Task<?> task) {
        return placement.hostOf(task);
    }

    // ---------------------------------------------------------------- faults

    /**
     * Cuts {@code a} off from {@code b} (names or addresses): segments between them, in flight or
     * sent later, wait until healed; a connect across the partition times out unless it heals
     * first.
     *
     * @throws IllegalArgumentException if either host is unknown, or both are one
     */
    public SimNetwork partition(String a, String b) {
        faults.partition(placement.require(a), placement.require(b));
        return this;
    }

    /** Cuts {@code host} off from every other host there is so far. */
    public SimNetwork isolate(String host) {
        SimHost h = placement.require(host);
        for (SimHost other : placement.hosts()) {
            if (other != h) {
                faults.partition(h, other);
            }
        }
        return this;
    }

    /** Ends the partition between {@code a} and {@code b}; what waited goes on, with fresh latencies. */
    public SimNetwork heal(String a, String b) {
        faults.heal(placement.require(a), placement.require(b));
        return this;
    }

    /** Ends every partition. */
    public SimNetwork heal() {
        faults.healAll();
        return this;
    }

    /** True while {@code a} and {@code b} are partitioned. */
    public boolean isPartitioned(String a, String b) {
        return faults.blocked(placement.require(a), placement.require(b));
    }

    /** Resets every open connection between hosts {@code a} and {@code b} (the same host twice: its own). */
    public SimNetwork reset(String a, String b) {
        faults.endLinks(placement.require(a), placement.require(b), true);
        return this;
    }

    /** Silently kills every open connection between hosts {@code a} and {@code b}. */
    public SimNetwork drop(String a, String b) {
        faults.endLinks(placement.require(a), placement.require(b), false);
        return this;
    }

    // ---------------------------------------------------------------- for the simulation's own parts

    SimTransport transport() {
        return transport;
    }

    SimConditions conditions() {
        return conditions;
    }

    SimPlacement placement() {
        return placement;
    }

    SimFaults faults() {
        return faults;
    }

    /** The simulated loop: the loop of the first task to use the network. */
    EventLoop loop() {
        if (loop == null) {
            loop = Weft.loop();
        }
        return loop;
    }

    long now() {
        return loop().nanoTime();
    }

    /** The host of the calling task. */
    SimHost here() {
        return placement.hostOf(Weft.currentTask());
    }

    /** True when the run is traced: only then are network lines written. */
    boolean tracing() {
        return monitor.trace() != null;
    }

    void trace(String line) {
        monitor.netEvent(line);
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

    /** The counters as the links bump them. */
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
        return "SimNetwork[" + placement.hosts() + ", " + conditions + ", " + faults + "]";
    }
}
