package dev.portcullis.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Formatting of raw addresses in one canonical way (RFC 5952 for IPv6). */
public final class Addresses {
    private Addresses() {}

    public static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    public static String format(InetAddress address) { return format(address.getAddress()); }

    /** ip:port, with brackets for IPv6. */
    public static String withPort(InetAddress address, int port) {
        String ip = format(address);
        return (address.getAddress().length == 16 ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** host[:port] as in a Host header or URL: IPv6 in brackets, the scheme's default port left out. */
    public static String authority(String host, int port, boolean tls) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? h : h + ":" + port;
    }

    /** An InetAddress from a canonical literal, with no lookup; null when not a literal. */
    public static InetAddress literal(String host) {
        byte[] b = IpLiterals.parseStrict(host);
        if (b == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(host, b);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
