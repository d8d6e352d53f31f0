package dev.portcullis.net;

/**
 * Strict parsing of IP literals in their canonical spellings: dotted-quad IPv4 with no leading zeros,
 * and RFC 4291 IPv6 (an embedded dotted quad allowed, zone ids refused). Never resolves a name.
 */
public final class IpLiterals {
    private IpLiterals() {}

    /** 4 or 16 bytes, or null when text is not a canonical literal. */
    public static byte[] parseStrict(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text);
    }

    public static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.length() > 3 || !Digits.only(p)
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    public static byte[] parseIpv6(String s) {
        if (s.indexOf('%') >= 0 || s.isEmpty()) {
            return null;
        }
        byte[] tail4 = null;
        String body = s;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) > 0) {
            tail4 = parseIpv4(s.substring(lastColon + 1));
            if (tail4 == null) {
                return null;
            }
            body = s.substring(0, lastColon + 1) + "0:0";
        }
        int dbl = body.indexOf("::");
        if (dbl >= 0 && body.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String[] head;
        String[] tail;
        if (dbl >= 0) {
            head = splitGroups(body.substring(0, dbl));
            tail = splitGroups(body.substring(dbl + 2));
            if (head == null || tail == null || head.length + tail.length > 7) {
                return null;
            }
        } else {
            head = splitGroups(body);
            tail = new String[0];
            if (head == null || head.length != 8) {
                return null;
            }
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.length; i++) {
            groups[i] = hexGroup(head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = hexGroup(tail[i]);
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            if (groups[i] < 0) {
                return null;
            }
            out[2 * i] = (byte) (groups[i] >> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        if (tail4 != null) {
            System.arraycopy(tail4, 0, out, 12, 4);
        }
        return out;
    }

    private static String[] splitGroups(String s) {
        if (s.isEmpty()) {
            return new String[0];
        }
        String[] g = s.split(":", -1);
        for (String x : g) {
            if (x.isEmpty()) {
                return null;
            }
        }
        return g;
    }

    private static int hexGroup(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < g.length(); i++) {
            int d = Character.digit(g.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
