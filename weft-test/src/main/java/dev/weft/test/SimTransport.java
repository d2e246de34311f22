package dev.weft.test;

import dev.weft.net.Transport;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnresolvedAddressException;

/**
 * The {@link Transport} a simulated loop carries: connects and listens on the
 * {@link SimNetwork}, from the host of the calling task, resolving names as that host would —
 * {@code localhost} and {@code 127.x} to its own loopback, a host's name or address to that
 * host. A name no host has fails as an unresolvable one does on real sockets; an address no
 * host has, as an unreachable one.
 *
 * <p>Implementation notes: stateless but for its network; called from tasks of the simulated
 * loop only (a plain thread never reaches a loop's transport).
 */
final class SimTransport implements Transport {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final SimNetwork net;

    SimTransport(SimNetwork net) {
        this.net = net;
    }

    @Override
    public Connection connect(SocketAddress remote) throws IOException {
        SimHost from = net.here();
        if (remote instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            SimLink link = new SimLink(net, from, UnixDomainSocketAddress.of(""), from, null, 0, path, unix);
            link.open();
            return link.client;
        }
        if (!(remote instanceof InetSocketAddress inet)) {
            throw new java.nio.channels.UnsupportedAddressTypeException();
        }
        InetAddress to = resolve(from, inet);
        SimHost target = to.isLoopbackAddress() ? from : net.placement().find(to.getHostAddress());
        if (target == null) {
            throw new NoRouteToHostException("No route to host " + to.getHostAddress()
                    + " (the simulated network's hosts: " + net.hosts() + ")");
        }
        InetAddress source = to.isLoopbackAddress() ? LOOPBACK : from.address();
        int port = from.ephemeralPort();
        SimLink link = new SimLink(net, from, new InetSocketAddress(source, port), target, to, inet.getPort(), null,
                new InetSocketAddress(to, inet.getPort()));
        link.open();
        return link.client;
    }

    /** The address {@code remote} names, seen from {@code from}. */
    private InetAddress resolve(SimHost from, InetSocketAddress remote) {
        if (!remote.isUnresolved()) {
            InetAddress a = remote.getAddress();
            return a.isAnyLocalAddress() ? LOOPBACK : known(a);
        }
        String name = remote.getHostString();
        if (name.equals("localhost")) {
            return LOOPBACK;
        }
        SimHost named = net.placement().find(name);
        if (named != null) {
            return named.address();
        }
        try {
            return resolve(from, new InetSocketAddress(InetAddress.ofLiteral(name), remote.getPort()));
        } catch (IllegalArgumentException notALiteral) {
            throw new UnresolvedAddressException();
        }
    }

    /** {@code a} as the network knows it (with its host's name), or as it is. */
    private InetAddress known(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return LOOPBACK;
        }
        SimHost h = net.placement().find(a.getHostAddress());
        return h != null ? h.address() : a;
    }

    @Override
    public Listener listen(SocketAddress at, int backlog) throws IOException {
        SimHost host = net.here();
        SimListener listener;
        if (at instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            if (host.hasUnixListener(path)) {
                throw new BindException("Address already in use: " + path + " on " + host.name());
            }
            listener = new SimListener(net, host, null, 0, path, backlog);
        } else if (at instanceof InetSocketAddress inet) {
            InetAddress bound = bindable(host, inet);
            int port = inet.getPort();
            if (port == 0) {
                port = host.ephemeralPort();
            } else if (!host.claim(port)) {
                throw new BindException("Address already in use: port " + port + " on " + host.name());
            }
            listener = new SimListener(net, host, bound, port, null, backlog);
        } else {
            throw new java.nio.channels.UnsupportedAddressTypeException();
        }
        host.bind(listener);
        return listener;
    }

    /** The address a listener binds on {@code host}: its loopback, its own address, or null for both. */
    private static InetAddress bindable(SimHost host, InetSocketAddress at) throws BindException {
        InetAddress a;
        if (at.isUnresolved()) {
            String name = at.getHostString();
            if (name.equals("localhost")) {
                return LOOPBACK;
            }
            if (name.equals(host.name())) {
                return host.address();
            }
            try {
                a = InetAddress.ofLiteral(name);
            } catch (IllegalArgumentException e) {
                throw new BindException("Cannot assign requested address: " + name + " is not " + host.name());
            }
        } else {
            a = at.getAddress();
        }
        if (a.isAnyLocalAddress()) {
            return null;
        }
        if (a.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (a.getHostAddress().equals(host.address().getHostAddress())) {
            return host.address();
        }
        throw new BindException("Cannot assign requested address: " + a.getHostAddress() + " is not an address of "
                + host);
    }

    @Override
    public String toString() {
        return "SimTransport[" + net + "]";
    }
}
