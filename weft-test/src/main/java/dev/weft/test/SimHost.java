package dev.weft.test;

import dev.weft.Task;

import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A machine of a {@link SimNetwork}: a name every host resolves, an address ({@code 10.0.0.x}),
 * a loopback of its own, and the ports its servers listen on and its clients connect from.
 * Tasks {@linkplain #spawn started on it} — and every task they start, and the handlers of the
 * servers they open — run on it.
 *
 * <p>Implementation notes: used on the simulated loop's thread only. Listeners are kept by
 * port, and by path for Unix-domain ones; ephemeral ports count up from 32768, as Linux's do,
 * skipping those in use, so a run's ports depend on nothing but its own history.
 */
public final class SimHost {
    static final int FIRST_EPHEMERAL = 32768;
    static final int LAST_EPHEMERAL = 60999;

    private final SimNetwork network;
    private final String name;
    private final InetAddress address;
    private final Map<Integer, SimListener> listeners = new HashMap<>();
    private final Map<String, SimListener> unixListeners = new HashMap<>();
    private final Set<Integer> used = new HashSet<>();
    private int nextPort = FIRST_EPHEMERAL;

    SimHost(SimNetwork network, String name, int index) {
        this.network = network;
        this.name = name;
        int n = index + 1;
        try {
            this.address = InetAddress.getByAddress(name, new byte[] {10, 0, (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes always make an address", e);
        }
    }

    public String name() {
        return name;
    }

    /** The host's address on the simulated network. */
    public InetAddress address() {
        return address;
    }

    /** Starts {@code body} as a task on this host. @throws IllegalStateException outside the simulation */
    public <T> Task<T> spawn(Callable<T> body) {
        return network.placement().spawnOn(this, null, body);
    }

    /** Starts {@code body} as a task named {@code taskName} on this host. */
    public <T> Task<T> spawn(String taskName, Callable<T> body) {
        return network.placement().spawnOn(this, taskName, body);
    }

    // ---------------------------------------------------------------- ports

    /** A free port for a client or a server bound to port 0. */
    int ephemeralPort() throws BindException {
        for (int tries = 0; tries <= LAST_EPHEMERAL - FIRST_EPHEMERAL; tries++) {
            int port = nextPort;
            nextPort = port == LAST_EPHEMERAL ? FIRST_EPHEMERAL : port + 1;
            if (used.add(port)) {
                return port;
            }
        }
        throw new BindException("no ephemeral port left on " + name + " (Cannot assign requested address)");
    }

    /** Takes {@code port} for a listener; false if something uses it. */
    boolean claim(int port) {
        return used.add(port);
    }

    void release(int port) {
        used.remove(port);
    }

    void bind(SimListener listener) {
        if (listener.path() != null) {
            unixListeners.put(listener.path(), listener);
        } else {
            listeners.put(listener.port(), listener);
        }
    }

    void unbind(SimListener listener) {
        if (listener.path() != null) {
            unixListeners.remove(listener.path(), listener);
        } else {
            listeners.remove(listener.port(), listener);
            release(listener.port());
        }
    }

    boolean hasUnixListener(String path) {
        return unixListeners.containsKey(path);
    }

    /** The listener a connect to {@code port} at {@code to} (this host's address or loopback) reaches, or null. */
    SimListener listenerFor(InetAddress to, int port) {
        SimListener l = listeners.get(port);
        return l != null && l.accepts(to) ? l : null;
    }

    SimListener unixListenerFor(String path) {
        return unixListeners.get(path);
    }

    SimNetwork network() {
        return network;
    }

    @Override
    public String toString() {
        return name + "/" + address.getHostAddress();
    }
}
