package dev.portcullis.server;

import dev.portcullis.net.HostPatterns;
import java.util.Locale;

/**
 * The request line's target, parsed once and strictly (RFC 9112 §3.2). Every later decision uses these
 * parsed fields, never the raw text. Ambiguous spellings are refused rather than guessed at.
 *
 * @param host normalised host for absolute and authority forms, else null
 * @param path dot segments resolved, still percent-encoded (as sent upstream)
 */
public record RequestTarget(Form form, boolean tls, String host, int port, String path, String query) {

    public enum Form { ORIGIN, ABSOLUTE, AUTHORITY }

    /** A target that cannot be used; the message says why, for the 400 body. */
    public static final class Invalid extends Exception {
        public Invalid(String message) { super(message, null, false, false); }
    }

    public static RequestTarget parse(String uri, boolean connect) throws Invalid {
        if (uri.isEmpty()) {
            throw new Invalid("empty request target");
        }
        if (connect) {
            return authority(uri);
        }
        if (uri.charAt(0) == '/') {
            return origin(uri);
        }
        int colon = uri.indexOf("://");
        if (colon > 0) {
            return absolute(uri, colon);
        }
        throw new Invalid("request target '" + printable(uri) + "' is neither a path (/x) nor an absolute URL (http://host/x)");
    }

    private static RequestTarget origin(String uri) throws Invalid {
        checkCharacters(uri);
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        return new RequestTarget(Form.ORIGIN, false, null, 0, normalisePath(rawPath), query);
    }

    private static RequestTarget absolute(String uri, int colon) throws Invalid {
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        boolean tls;
        if (scheme.equals("http")) {
            tls = false;
        } else if (scheme.equals("https")) {
            tls = true;
        } else {
            throw new Invalid("unsupported scheme '" + printable(scheme) + "'; only http and https are proxied");
        }
        String rest = uri.substring(colon + 3);
        int slash = indexOfAny(rest, "/?");
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "/" : rest.substring(slash);
        if (tail.startsWith("?")) {
            tail = "/" + tail;
        }
        HostAndPort hp = hostAndPort(authority, tls ? 443 : 80);
        RequestTarget origin = origin(tail);
        return new RequestTarget(Form.ABSOLUTE, tls, hp.host, hp.port, origin.path, origin.query);
    }

    private static RequestTarget authority(String uri) throws Invalid {
        HostAndPort hp = hostAndPort(uri, -1);
        return new RequestTarget(Form.AUTHORITY, false, hp.host, hp.port, null, null);
    }

    private record HostAndPort(String host, int port) {}

    private static HostAndPort hostAndPort(String authority, int defaultPort) throws Invalid {
        if (authority.indexOf('@') >= 0) {
            throw new Invalid("credentials in the URL ('user@host') are refused; send them in headers");
        }
        if (authority.indexOf('\\') >= 0 || authority.indexOf('%') >= 0) {
            throw new Invalid("host '" + printable(authority) + "' contains '\\' or '%'");
        }
        String host = authority;
        String port = null;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            if (end < 0) {
                throw new Invalid("unclosed '[' in host '" + printable(authority) + "'");
            }
            host = authority.substring(0, end + 1);
            if (end + 1 < authority.length()) {
                if (authority.charAt(end + 1) != ':') {
                    throw new Invalid("unexpected text after ']' in '" + printable(authority) + "'");
                }
                port = authority.substring(end + 2);
            }
        } else {
            int c = authority.lastIndexOf(':');
            if (c >= 0) {
                host = authority.substring(0, c);
                port = authority.substring(c + 1);
            }
        }
        String normal = HostPatterns.normaliseName(host);
        if (normal == null) {
            throw new Invalid("host '" + printable(host) + "' is not a valid host name or IP address");
        }
        int p = defaultPort;
        if (port != null) {
            if (port.length() > 5 || !dev.portcullis.net.Digits.only(port)) {
                throw new Invalid("port '" + printable(port) + "' is not a number");
            }
            p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new Invalid("port " + p + " is out of range");
            }
        }
        if (p < 0) {
            throw new Invalid("CONNECT needs host:port, got '" + printable(authority) + "'");
        }
        return new HostAndPort(normal, p);
    }

    /** RFC 3986 characters only; '#' (fragments) and '\' refused. */
    private static void checkCharacters(String uri) throws Invalid {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
            if (!ok) {
                throw new Invalid("invalid character " + (c < 0x20 || c > 0x7e ? String.format("0x%02x", (int) c) : "'" + c + "'")
                        + " in the request target; percent-encode it");
            }
            if (c == '%') {
                if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
                    throw new Invalid("malformed percent-encoding in the request target");
                }
            }
        }
    }

    /** Resolves '.' and '..' segments; refuses encoded '/', '\' and '.' in the path (ambiguous between servers). */
    static String normalisePath(String raw) throws Invalid {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e")) {
            throw new Invalid("percent-encoded '/', '\\' or '.' in the path is refused: it means different things to different servers");
        }
        if (raw.indexOf("/.") < 0) {
            return raw;
        }
        String[] segments = raw.substring(1).split("/", -1);
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        boolean trailingSlash = false;
        for (String s : segments) {
            trailingSlash = false;
            if (s.equals(".")) {
                trailingSlash = true;
            } else if (s.equals("..")) {
                out.pollLast();
                trailingSlash = true;
            } else {
                out.addLast(s);
            }
        }
        String path = "/" + String.join("/", out);
        return trailingSlash && !path.endsWith("/") ? path + "/" : path;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Echo of untrusted text in an error message, bounded and without control characters. */
    static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    /** host:port with brackets for IPv6, as used in a Host header or an audit URL. */
    public String authority() { return dev.portcullis.net.Addresses.authority(host, port, tls); }
}
