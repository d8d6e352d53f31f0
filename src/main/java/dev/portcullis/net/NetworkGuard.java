package dev.portcullis.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Decides whether the gateway may connect to an address. Precedence, from strongest: denyNetworks
 * (global), the gateway's own listeners (a call to itself would loop), allowNetworks (global, then the route's), then the
 * built-in blocked ranges when blockPrivateNetworks is on. Immutable; built once per config.
 */
public final class NetworkGuard {
    /** The outcome for one address: allowed, or denied with a reason an operator can act on. */
    public record Check(boolean allowed, String reason) {
        static final Check ALLOWED = new Check(true, null);
    }

    private final boolean blockPrivate;
    private final List<NetworkRule> allow;
    private final List<NetworkRule> deny;
    private final List<InetSocketAddress> ownListeners;

    public NetworkGuard(boolean blockPrivate, List<NetworkRule> allow, List<NetworkRule> deny, List<InetSocketAddress> ownListeners) {
        this.blockPrivate = blockPrivate;
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        this.ownListeners = List.copyOf(ownListeners);
    }

    /** The same guard, also refusing the gateway's own listeners (known once they are bound). */
    public NetworkGuard withOwnListeners(List<InetSocketAddress> own) { return new NetworkGuard(blockPrivate, allow, deny, own); }

    public Check check(InetAddress address, int port, List<NetworkRule> routeAllow) {
        byte[] a = address.getAddress();
        for (NetworkRule c : deny) {
            if (c.matches(a, port)) {
                return new Check(false, Addresses.format(a) + " is in network.denyNetworks " + c);
            }
        }
        for (InetSocketAddress own : ownListeners) {
            boolean sameHost = own.getAddress().equals(address) || (own.getAddress().isAnyLocalAddress() && isLoopback(a));
            if (own.getPort() == port && sameHost) {
                return new Check(false, Addresses.withPort(address, port) + " is the gateway itself");
            }
        }
        for (NetworkRule c : allow) {
            if (c.matches(a, port)) {
                return Check.ALLOWED;
            }
        }
        for (NetworkRule c : routeAllow) {
            if (c.matches(a, port)) {
                return Check.ALLOWED;
            }
        }
        if (blockPrivate) {
            String range = AddressClassifier.blockedRange(a);
            if (range != null) {
                return new Check(false, Addresses.format(a) + " is a " + range + " address, blocked by the SSRF guard;"
                        + " add it to the route's allowNetworks if this destination is intended");
            }
        }
        return Check.ALLOWED;
    }

    private static boolean isLoopback(byte[] a) {
        return a.length == 4 ? (a[0] & 0xff) == 127 : java.util.Arrays.equals(a, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    }
}
