package dev.portcullis.net;

import java.util.List;

/**
 * Names the special-purpose range an address falls in (loopback, private, metadata, ...), or null for an
 * ordinary public address. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4,
 * Teredo) are judged by the IPv4 address they carry.
 */
public final class AddressClassifier {
    private record Range(Cidr cidr, String label) {}

    private static final List<Range> RANGES = List.of(
            r("0.0.0.0/8", "unspecified ('this network')"),
            r("10.0.0.0/8", "private (RFC 1918)"),
            r("100.64.0.0/10", "shared address space (CGNAT)"),
            r("127.0.0.0/8", "loopback"),
            r("169.254.169.254/32", "cloud metadata service"),
            r("169.254.0.0/16", "link-local"),
            r("172.16.0.0/12", "private (RFC 1918)"),
            r("192.0.0.0/24", "IETF protocol assignments"),
            r("192.0.2.0/24", "documentation (TEST-NET-1)"),
            r("192.88.99.0/24", "6to4 relay anycast"),
            r("192.168.0.0/16", "private (RFC 1918)"),
            r("198.18.0.0/15", "benchmarking"),
            r("198.51.100.0/24", "documentation (TEST-NET-2)"),
            r("203.0.113.0/24", "documentation (TEST-NET-3)"),
            r("224.0.0.0/4", "multicast"),
            r("240.0.0.0/4", "reserved"),
            r("255.255.255.255/32", "broadcast"),
            r("::/128", "unspecified"),
            r("::1/128", "loopback"),
            r("fd00:ec2::254/128", "cloud metadata service"),
            r("fc00::/7", "unique local (ULA)"),
            r("fe80::/10", "link-local"),
            r("fec0::/10", "site-local"),
            r("ff00::/8", "multicast"),
            r("100::/64", "discard-only"),
            r("2001:db8::/32", "documentation"),
            r("2001:10::/28", "ORCHID"),
            r("2001:20::/28", "ORCHIDv2"));

    private static Range r(String cidr, String label) { return new Range(Cidr.parse(cidr), label); }

    private AddressClassifier() {}

    /** The label of the blocked range holding the address, or null when it is public. */
    public static String blockedRange(byte[] address) {
        byte[] embedded = embeddedIpv4(address);
        if (embedded != null) {
            String inner = blockedRange(embedded);
            return inner == null ? null : inner + " (embedded in IPv6)";
        }
        for (Range range : RANGES) {
            if (range.cidr().contains(address)) {
                return range.label();
            }
        }
        return null;
    }

    /** The IPv4 address an IPv6 address carries in a well-known translation form, else null. */
    static byte[] embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return null;
        }
        if (prefixZero(a, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return slice(a, 12); // ::ffff:a.b.c.d (mapped)
        }
        if (prefixZero(a, 12) && !(a[12] == 0 && a[13] == 0 && a[14] == 0 && (a[15] == 0 || a[15] == 1))) {
            return slice(a, 12); // ::a.b.c.d (compatible, deprecated)
        }
        if ((a[0] & 0xff) == 0x00 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b
                && prefixZero(a, 12, 4)) {
            return slice(a, 12); // 64:ff9b::/96 (NAT64)
        }
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
            return new byte[] {a[2], a[3], a[4], a[5]}; // 2002::/16 (6to4)
        }
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x01 && a[2] == 0 && a[3] == 0) {
            // 2001::/32 (Teredo): the client address is the last 32 bits, inverted
            return new byte[] {(byte) ~a[12], (byte) ~a[13], (byte) ~a[14], (byte) ~a[15]};
        }
        return null;
    }

    private static boolean prefixZero(byte[] a, int n) { return prefixZero(a, n, 0); }

    private static boolean prefixZero(byte[] a, int n, int from) {
        for (int i = from; i < n; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] a, int from) {
        return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
    }
}
