package dev.portcullis.config;

import dev.portcullis.config.GatewayConfig.RouteDef;
import dev.portcullis.config.GatewayConfig.Tls;
import dev.portcullis.net.HostPatterns;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads 'routes': reverse (prefix + upstream) or forward (hosts + ports), never both. */
final class RouteReader {
    private static final Set<String> KEYS = Set.of("name", "prefix", "upstream", "hosts", "ports", "clients", "methods",
            "paths", "timeouts", "tls", "policies", "mode", "allowNetworks");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
            "CONNECT");

    private final References refs;
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> prefixes = new HashMap<>();

    RouteReader(References refs) { this.refs = refs; }

    List<RouteDef> read(YNode node) {
        List<RouteDef> out = new ArrayList<>();
        List<YNode> items = node == null ? List.of() : node.list();
        for (YNode item : items == null ? List.<YNode>of() : items) {
            YObject o = item.object(KEYS);
            if (o == null) {
                continue;
            }
            RouteDef r = route(o);
            if (r != null) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    private RouteDef route(YObject o) {
        String name = Names.read(o, "route");
        if (name != null && !names.add(name)) {
            o.get("name").problem("duplicate route name '" + name + "'");
        }
        boolean reverse = o.has("prefix");
        boolean forward = o.has("hosts");
        if (reverse == forward) {
            o.node().problem(reverse ? "route '" + name + "' has both 'prefix' (reverse) and 'hosts' (forward); split it into two routes"
                    : "route '" + name + "' needs either 'prefix' + 'upstream' (reverse) or 'hosts' (forward)");
        }
        String prefix = reverse ? prefix(o, name) : null;
        URI upstream = null;
        if (reverse) {
            upstream = upstream(o);
        } else if (o.has("upstream")) {
            o.get("upstream").problem("'upstream' belongs to reverse routes (with 'prefix'); a forward route goes to the requested host");
        }
        List<String> hosts = forward ? hosts(o) : List.of();
        List<Integer> ports = o.list("ports", n -> n.integer(1, 65535));
        if (reverse && o.has("ports")) {
            o.get("ports").problem("'ports' belongs to forward routes (with 'hosts'); a reverse route's port is in 'upstream'");
        }
        if (forward && !o.has("ports")) {
            ports = List.of(80, 443);
        }
        List<String> methods = o.list("methods", n -> {
            String m = n.text();
            if (m != null && !METHODS.contains(m)) {
                n.problem("unknown method '" + m + "'; write it in capitals, one of " + String.join(", ", METHODS.stream().sorted().toList()));
                return null;
            }
            return m;
        });
        List<String> paths = o.list("paths", n -> {
            String p = n.text();
            if (p != null && !p.startsWith("/")) {
                n.problem("a path pattern must start with '/': '" + p + "'");
                return null;
            }
            return p;
        });
        List<String> clients = o.list("clients", refs::client);
        List<String> policies = o.list("policies", refs::policy);
        Mode mode = o.has("mode") ? o.enumValue("mode", Mode.class, null) : null;
        return new RouteDef(name, prefix, upstream, hosts, ports, clients, methods, paths,
                ConfigLoader.timeouts(o.object("timeouts", ConfigLoader.TIMEOUT_KEYS)), tls(o), policies, mode,
                ConfigLoader.rules(o, "allowNetworks"));
    }

    private String prefix(YObject o, String name) {
        YNode n = o.get("prefix");
        String p = n.text();
        if (p == null) {
            return null;
        }
        if (!p.startsWith("/") || (p.length() > 1 && p.endsWith("/")) || p.contains("//") || p.contains("?")
                || p.contains("%") || p.contains("/./") || p.contains("/../") || p.endsWith("/..") || p.endsWith("/.")) {
            n.problem("invalid prefix '" + p + "'; write an absolute path without a trailing slash, e.g. /stripe");
            return null;
        }
        String other = prefixes.putIfAbsent(p, name);
        if (other != null) {
            n.problem("prefix '" + p + "' is already used by route '" + other + "'");
        }
        return p;
    }

    private static URI upstream(YObject o) {
        YNode n = o.get("upstream");
        if (n == null) {
            o.node().problem("a reverse route needs 'upstream', e.g. upstream: https://api.example.com");
            return null;
        }
        String t = n.text();
        if (t == null) {
            return null;
        }
        try {
            URI u = new URI(t);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                n.problem("upstream must start with http:// or https://: '" + t + "'");
                return null;
            }
            if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
                n.problem("upstream must be scheme://host[:port][/base-path] with no credentials, query or fragment: '" + t + "'");
                return null;
            }
            if (HostPatterns.normaliseName(u.getHost()) == null) {
                n.problem("upstream host '" + u.getHost() + "' is not a valid host name or IP address");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            n.problem("upstream is not a valid URL: " + e.getReason());
            return null;
        }
    }

    private static List<String> hosts(YObject o) {
        List<String> hosts = o.list("hosts", n -> {
            String h = n.text();
            String normal = h == null ? null : HostPatterns.normalisePattern(h);
            if (normal == null && h != null) {
                n.problem("invalid host pattern '" + h + "'; write a name (api.example.com), '*.example.com', '*' or an IP address");
            }
            return normal;
        });
        if (hosts.isEmpty() && o.get("hosts") != null) {
            o.get("hosts").problem("'hosts' is empty: the route would match nothing");
        }
        return hosts;
    }

    private static Tls tls(YObject o) {
        YObject t = o.object("tls", Set.of("caFile", "clientCert", "clientKey", "minVersion", "pinSha256"));
        if (t == null) {
            return null;
        }
        Path ca = caFile(t);
        Path cert = ConfigLoader.readableFile(t, "clientCert", false);
        Path key = ConfigLoader.readableFile(t, "clientKey", false);
        if ((t.has("clientCert")) != (t.has("clientKey"))) {
            t.node().problem("clientCert and clientKey go together: the upstream needs both for mutual TLS");
        }
        String min = t.string("minVersion", "TLSv1.2");
        if (!min.equals("TLSv1.2") && !min.equals("TLSv1.3")) {
            t.get("minVersion").problem("minVersion must be TLSv1.2 or TLSv1.3, got '" + min + "'");
        }
        List<String> pins = t.list("pinSha256", n -> {
            String p = n.text();
            try {
                if (p != null && java.util.Base64.getDecoder().decode(p).length == 32) {
                    return p;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            n.problem("'" + p + "' is not a base64 SHA-256 hash (44 characters, e.g. from: openssl x509 -pubkey -noout | "
                    + "openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)");
            return null;
        });
        return new Tls(ca, cert, key, min, pins);
    }

    private static Path caFile(YObject t) {
        String ca = t.string("caFile", null);
        if (ca == null) {
            return null;
        }
        Path path = Path.of(ca);
        if (!Files.isReadable(path)) {
            t.get("caFile").problem("cannot read CA file '" + ca + "'; give a readable PEM file of CA certificates");
            return null;
        }
        try {
            if (dev.portcullis.upstream.TrustFiles.readCertificates(path).isEmpty()) {
                t.get("caFile").problem("'" + ca + "' holds no PEM certificate");
                return null;
            }
        } catch (Exception e) {
            t.get("caFile").problem("'" + ca + "' is not a PEM certificate file: " + e.getMessage());
            return null;
        }
        return path;
    }
}
