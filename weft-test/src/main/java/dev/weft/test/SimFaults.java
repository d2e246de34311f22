package dev.weft.test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The faults of a {@link SimNetwork}: which pairs of hosts are partitioned, which pipes wait
 * for a partition to heal, and the open connections a fault between two hosts ends.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. Every collection keeps
 * insertion order, so what a heal releases, or a reset ends, goes in the same order in every
 * run of a seed. A partition is kept as the pair of host names in name order.
 */
final class SimFaults {
    private final SimNetwork net;
    private final Set<String> partitions = new LinkedHashSet<>();
    private final Set<SimPipe> held = new LinkedHashSet<>();
    private final Set<SimLink> open = new LinkedHashSet<>();

    SimFaults(SimNetwork net) {
        this.net = net;
    }

    void partition(SimHost a, SimHost b) {
        if (a == b) {
            throw new IllegalArgumentException("a host cannot be partitioned from itself: " + a.name());
        }
        if (partitions.add(pair(a, b)) && net.tracing()) {
            net.trace("partition " + a.name() + " | " + b.name());
        }
    }

    void heal(SimHost a, SimHost b) {
        if (partitions.remove(pair(a, b))) {
            if (net.tracing()) {
                net.trace("heal " + a.name() + " | " + b.name());
            }
            release();
        }
    }

    void healAll() {
        if (!partitions.isEmpty()) {
            partitions.clear();
            if (net.tracing()) {
                net.trace("heal every partition");
            }
            release();
        }
    }

    boolean blocked(SimHost a, SimHost b) {
        return a != b && !partitions.isEmpty() && partitions.contains(pair(a, b));
    }

    private static String pair(SimHost a, SimHost b) {
        return a.name().compareTo(b.name()) < 0 ? a.name() + "|" + b.name() : b.name() + "|" + a.name();
    }

    /** A pipe met a partition: it waits until its hosts are healed. */
    void hold(SimPipe pipe) {
        held.add(pipe);
    }

    void unhold(SimPipe pipe) {
        held.remove(pipe);
    }

    private void release() {
        List<SimPipe> go = new ArrayList<>();
        for (SimPipe p : held) {
            if (!blocked(p.from.host(), p.to.host())) {
                go.add(p);
            }
        }
        go.forEach(held::remove);
        go.forEach(SimPipe::release);
    }

    void opened(SimLink link) {
        open.add(link);
    }

    void closed(SimLink link) {
        open.remove(link);
    }

    /** Resets (or silently drops) every open connection between {@code a} and {@code b}. */
    void endLinks(SimHost a, SimHost b, boolean reset) {
        for (SimLink link : new ArrayList<>(open)) {
            if (link.joins(a, b)) {
                if (reset) {
                    link.reset("reset between " + a.name() + " and " + b.name());
                } else {
                    link.drop("dropped between " + a.name() + " and " + b.name());
                }
            }
        }
    }

    @Override
    public String toString() {
        return partitions.isEmpty() ? "no partition" : "partitions " + partitions;
    }
}
