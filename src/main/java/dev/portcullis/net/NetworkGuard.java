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
    public record Check(boolean allowed, String reason, boolean reportable) {
        static final Check ALLOWED = new Check(true, null, false);

        static Check denied(String reason) { return new Check(false, reason, false); }
    }

    private final boolean blockPrivate;
    private final List<NetworkRule> allow;
    private final List<NetworkRule> deny;
    private final List<InetSocketAddress> ownListeners;
    private boolean reportOnly;

    public NetworkGuard(boolean blockPrivate, List<NetworkRule> allow, List<NetworkRule> deny, List<InetSocketAddress> ownListeners) {
        this.blockPrivate = blockPrivate;
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
        this.ownListeners = List.copyOf(ownListeners);
    }

    /** The same guard, also refusing the gateway's own listeners (known once they are bound). */
    public NetworkGuard withOwnListeners(List<InetSocketAddress> own) {
        return new NetworkGuard(blockPrivate, allow, deny, own).withReportMode(reportOnly);
    }

    /**
     * network.mode: report. The built-in ranges are then recorded, not enforced (the roll-out path);
     * denyNetworks and the gateway's own listeners are always enforced.
     */
    public NetworkGuard withReportMode(boolean report) {
        NetworkGuard g = new NetworkGuard(blockPrivate, allow, deny, ownListeners);
        g.reportOnly = report;
        return g;
    }

    public boolean reportOnly() { return reportOnly; }

    public Check check(InetAddress address, int port, List<NetworkRule> routeAllow) {
        byte[] a = address.getAddress();
        for (NetworkRule c : deny) {
            if (c.matches(a, port)) {
                return Check.denied(Addresses.format(a) + " is in network.denyNetworks " + c);
            }
        }
        for (InetSocketAddress own : ownListeners) {
            boolean sameHost = own.getAddress().equals(address) || (own.getAddress().isAnyLocalAddress() && isLoopback(a));
            if (own.getPort() == port && sameHost) {
                return Check.denied(Addresses.withPort(address, port) + " is the gateway itself");
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
                        + " add it to the route's allowNetworks if this destination is intended", true);
            }
        }
        return Check.ALLOWED;
    }

    private static boolean isLoopback(byte[] a) {
        return a.length == 4 ? (a[0] & 0xff) == 127 : java.util.Arrays.equals(a, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    }
}
