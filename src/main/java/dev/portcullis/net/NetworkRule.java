package dev.portcullis.net;

import java.util.Set;

/** An address range, optionally limited to some destination ports (empty = every port). */
public record NetworkRule(Cidr network, Set<Integer> ports) {

    public static NetworkRule anyPort(Cidr network) { return new NetworkRule(network, Set.of()); }

    public boolean matches(byte[] address, int port) {
        return network.contains(address) && (ports.isEmpty() || ports.contains(port));
    }

    @Override public String toString() {
        return ports.isEmpty() ? network.toString() : network + " (ports " + ports.stream().sorted().toList() + ")";
    }
}
