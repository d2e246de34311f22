package dev.weft.test;

import dev.weft.Task;
import dev.weft.Weft;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The hosts of a {@link SimNetwork} and which one each task runs on: the host it was
 * {@linkplain SimHost#spawn started on}, else its spawner's, else — for a task a callback
 * spawned — the host of the listener whose accepting ran the callback, else {@code main}.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. The {@link Monitor} tells
 * of every spawn as it happens, with the task whose step spawned it; {@code next} and
 * {@code callbackHost} say where the spawn in progress belongs, as the monitor's own
 * {@code nextIsThread} does for simulated threads.
 */
final class SimPlacement {
    private final SimNetwork network;
    private final Map<String, SimHost> hosts = new LinkedHashMap<>();
    private final Map<Task<?>, SimHost> placed = new IdentityHashMap<>();
    private final SimHost main;
    private SimHost next;
    private SimHost callbackHost;

    SimPlacement(SimNetwork network) {
        this.network = network;
        this.main = host("main");
    }

    SimHost host(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.equals("localhost") || name.indexOf(':') >= 0 || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a host name must be a plain word, not '" + name + "'");
        }
        return hosts.computeIfAbsent(name, n -> new SimHost(network, n, hosts.size()));
    }

    List<SimHost> hosts() {
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
            throw new IllegalArgumentException("no host " + nameOrAddress + " in this network; hosts: "
                    + hosts.keySet());
        }
        return h;
    }

    /** Starts {@code body} as a task on {@code host}. */
    <T> Task<T> spawnOn(SimHost host, String name, Callable<T> body) {
        next = host;
        try {
            return name == null ? Weft.spawn(body) : Weft.spawn(name, body);
        } finally {
            next = null;
        }
    }

    /** {@code task} was spawned by {@code parent} (null: by a callback). */
    void spawned(Task<?> task, Task<?> parent) {
        SimHost host = next != null ? next : parent != null ? hostOf(parent) : callbackHost;
        placed.put(task, host != null ? host : main);
    }

    /** Runs a callback whose spawns belong to {@code host}. */
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
        return placed.getOrDefault(task, main);
    }
}
