package dev.portcullis.net;

/** A listen or connect address such as 0.0.0.0:8080, [::1]:9901 or localhost:8080. */
public record HostPort(String host, int port) {

    /** Parses host:port; returns null when malformed. Port 0 means "any free port". */
    public static HostPort parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            return null;
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            return null;
        }
        String p = t.substring(colon + 1);
        if (p.length() > 5 || !Digits.only(p)) {
            return null;
        }
        int port = Integer.parseInt(p);
        return port > 65535 || host.isEmpty() ? null : new HostPort(host, port);
    }

    @Override public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
