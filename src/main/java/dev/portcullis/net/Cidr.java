package dev.portcullis.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as 10.0.0.0/8 or fc00::/7; a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefixLength, String text) {

    /** Parses an IP literal range; returns null when the text is not one (no name lookups ever). */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = IpLiterals.parseStrict(addr);
        if (bytes == null) {
            return null;
        }
        int max = bytes.length * 8;
        int len = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.length() > 3 || !Digits.only(p)) {
                return null;
            }
            len = Integer.parseInt(p);
            if (len > max) {
                return null;
            }
        }
        return new Cidr(mask(bytes, len), len, t);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    public boolean contains(byte[] a) {
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xff << (8 - rest)) & 0xff;
        return (a[full] & m) == (network[full] & m);
    }

    private static byte[] mask(byte[] bytes, int len) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, len - i * 8));
            out[i] = (byte) (out[i] & ((0xff << (8 - keep)) & 0xff));
        }
        return out;
    }

    public InetAddress networkAddress() {
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public String toString() { return text; }

    @Override public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
    }

    @Override public int hashCode() { return java.util.Arrays.hashCode(network) * 31 + prefixLength; }
}
