package dev.portcullis.net;

import java.net.IDN;
import java.util.Locale;

/**
 * Host names as the gateway compares them: lower case, no trailing dot, IDN as punycode, IP literals in
 * canonical form. Anything that looks numeric but is not a canonical IPv4 address (0177.0.0.1,
 * 2130706433, 0x7f.1, 127.1) is refused rather than treated as a name, so it can never match a name
 * route or reach a resolver that would read it as an address.
 */
public final class HostPatterns {
    private HostPatterns() {}

    /** The canonical host, or null when it is not a valid name or IP literal. Brackets are allowed around IPv6. */
    public static String normaliseName(String host) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            return null;
        }
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            byte[] v6 = IpLiterals.parseIpv6(h.substring(1, h.length() - 1));
            return v6 == null ? null : Addresses.format(v6);
        }
        if (h.indexOf(':') >= 0) {
            byte[] v6 = IpLiterals.parseIpv6(h);
            return v6 == null ? null : Addresses.format(v6);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (isPlainAscii(h)) {
            h = h.toLowerCase(Locale.ROOT); // the common case: no IDN conversion needed
        } else {
            try {
                h = IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (h.isEmpty() || h.endsWith(".")) {
            return null;
        }
        if (looksNumeric(h)) {
            byte[] v4 = IpLiterals.parseIpv4(h);
            return v4 == null ? null : Addresses.format(v4);
        }
        return validLabels(h) ? h : null;
    }

    /** Letters, digits, '-' and '.' only: what IDN.toASCII would return unchanged (but lower-cased). */
    private static boolean isPlainAscii(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Every label 1 to 63 characters, none starting or ending with '-'. */
    private static boolean validLabels(String h) {
        int start = 0;
        for (int i = 0; i <= h.length(); i++) {
            if (i == h.length() || h.charAt(i) == '.') {
                int len = i - start;
                if (len == 0 || len > 63 || h.charAt(start) == '-' || h.charAt(i - 1) == '-') {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** A route's host pattern: a name, "*.name" (one or more labels), "*" (any host) or an IP literal. */
    public static String normalisePattern(String pattern) {
        if (pattern.equals("*")) {
            return pattern;
        }
        if (pattern.startsWith("*.")) {
            String rest = normaliseName(pattern.substring(2));
            return rest == null || IpLiterals.parseStrict(rest) != null ? null : "*." + rest;
        }
        return normaliseName(pattern);
    }

    /** True when the last label is a number or hex: resolvers would read such a host as an IPv4 address. */
    static boolean looksNumeric(String h) {
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        return last.startsWith("0x") || Digits.only(last);
    }

    /** Does the (normalised) host match the (normalised) pattern? */
    public static boolean matches(String pattern, String host) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return host.length() > pattern.length() - 1 && host.endsWith(pattern.substring(1));
        }
        return pattern.equals(host);
    }
}
