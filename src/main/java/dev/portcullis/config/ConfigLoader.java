package dev.portcullis.config;

import dev.portcullis.config.GatewayConfig.Admin;
import dev.portcullis.config.GatewayConfig.Audit;
import dev.portcullis.config.GatewayConfig.Defaults;
import dev.portcullis.config.GatewayConfig.Listen;
import dev.portcullis.config.GatewayConfig.Network;
import dev.portcullis.config.GatewayConfig.Timeouts;
import dev.portcullis.net.Cidr;
import dev.portcullis.net.HostPort;
import dev.portcullis.net.NetworkRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * YAML text to a validated {@link GatewayConfig}. Strict: unknown keys, wrong types, bad values and
 * dangling references are all collected, each with its YAML path and line:column, and reported at once.
 */
public final class ConfigLoader {
    public static final String DEFAULT_RESOURCE = "/dev/portcullis/default-portcullis.yaml";
    private static final Set<String> TOP = Set.of("version", "instance", "listen", "admin", "defaults", "network",
            "clients", "routes", "policies", "global", "audit", "store");

    private final SecretResolver secrets;

    public ConfigLoader(SecretResolver secrets) { this.secrets = secrets; }

    public static ConfigLoader withSystemEnv() { return new ConfigLoader(SecretResolver.system()); }

    public GatewayConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem("", 0, 0,
                    "cannot read the config file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")")));
        }
        return parse(file.toString(), text);
    }

    /** The embedded default: deny all egress, audit to stdout, admin on 127.0.0.1:9901. */
    public GatewayConfig loadDefault() throws ConfigException {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse("(embedded default)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("embedded default config missing from the jar", e);
        }
    }

    public GatewayConfig parse(String source, String text) throws ConfigException {
        Problems problems = new Problems();
        Node root;
        try (Reader reader = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigException(source, List.of(new ConfigProblem("", m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1, "not valid YAML: " + e.getProblem())));
        } catch (YAMLException | IOException e) {
            throw new ConfigException(source, List.of(new ConfigProblem("", 0, 0, "not valid YAML: " + e.getMessage())));
        }
        if (root == null) {
            throw new ConfigException(source, List.of(new ConfigProblem("", 1, 1,
                    "the config file is empty; start from portcullis.yaml in the repository")));
        }
        GatewayConfig config = read(new YNode(root, "", problems), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.sorted());
        }
        return config;
    }

    private GatewayConfig read(YNode rootNode, Problems problems) {
        YObject root = rootNode.object(TOP);
        if (root == null) {
            return null;
        }
        YNode version = root.get("version");
        if (version == null) {
            rootNode.problem("missing required key 'version'; write 'version: 1' at the top");
        } else {
            Integer v = version.integer(1, 1);
            if (v == null) {
                version.problem("only config version 1 is supported");
            }
        }
        Listen listen = listen(root.object("listen", Set.of("address", "drainTimeout", "maxInitialLineLength", "maxHeaderSize",
                "maxHeaders", "tls")));
        Admin admin = admin(root.object("admin", Set.of("address", "token")));
        Defaults defaults = defaults(root.object("defaults", Set.of("mode", "timeouts", "maxRequestBody")));
        Network network = network(root.object("network", Set.of("blockPrivateNetworks", "allowNetworks", "denyNetworks", "mode")));
        Audit audit = audit(root.object("audit", Set.of("sink", "path", "redactHeaders", "recentEvents", "maxPending")));
        References refs = new References();
        var clients = new ClientReader(secrets, refs).read(root.get("clients"));
        var policies = new PolicyReader(secrets, refs).read(root.get("policies"));
        var routes = new RouteReader(refs).read(root.get("routes"));
        List<String> global = List.of();
        YObject g = root.object("global", Set.of("policies"));
        if (g != null) {
            global = g.list("policies", n -> refs.policy(n));
        }
        GatewayConfig.Store store = store(root.object("store", Set.of("redis", "timeout", "onStoreFailure")));
        refs.check(problems, store != null);
        return new GatewayConfig(1, root.string("instance", "portcullis"), listen, admin, defaults, network,
                clients, routes, policies, global, audit, store, secrets.takeFilesRead());
    }

    private GatewayConfig.Store store(YObject o) {
        if (o == null) {
            return null;
        }
        YNode r = o.get("redis");
        if (r == null) {
            o.node().problem("store needs 'redis': the URL of the Redis server, e.g. redis://:${env:REDIS_PASSWORD}@redis:6379");
            return null;
        }
        Secret url = r.text() == null ? null : secrets.resolve(r.text(), r, r.problems());
        if (url != null && !url.reveal().startsWith("redis://") && !url.reveal().startsWith("rediss://")) {
            r.problem("the store URL must start with redis:// or rediss:// (TLS)");
        }
        return url == null ? null : new GatewayConfig.Store(url, o.duration("timeout", Duration.ofMillis(50)),
                o.enumValue("onStoreFailure", GatewayConfig.StoreFailure.class, GatewayConfig.StoreFailure.ALLOW));
    }

    private static Listen listen(YObject o) {
        HostPort address = new HostPort("0.0.0.0", 8080);
        if (o == null) {
            return new Listen(address, Duration.ofSeconds(30), 8192, 16384, 100, null);
        }
        return new Listen(hostPort(o, "address", address), o.duration("drainTimeout", Duration.ofSeconds(30)),
                (int) Math.min(Integer.MAX_VALUE, o.size("maxInitialLineLength", 8192)),
                (int) Math.min(Integer.MAX_VALUE, o.size("maxHeaderSize", 16384)), integer(o, "maxHeaders", 100, 1, 10_000),
                listenTls(o.object("tls", Set.of("certFile", "keyFile", "clientCaFile", "clientAuth"))));
    }

    private static GatewayConfig.ListenTls listenTls(YObject o) {
        if (o == null) {
            return null;
        }
        Path cert = readableFile(o, "certFile", true);
        Path key = readableFile(o, "keyFile", true);
        Path ca = readableFile(o, "clientCaFile", false);
        if (o.has("clientAuth") && ca == null && !o.has("clientCaFile")) {
            o.get("clientAuth").problem("clientAuth needs clientCaFile: the CA that signs the callers' certificates");
        }
        return new GatewayConfig.ListenTls(cert, key, ca,
                o.enumValue("clientAuth", GatewayConfig.ClientAuth.class, GatewayConfig.ClientAuth.REQUIRE));
    }

    /** A file the gateway must be able to read at start; a problem names the key when it cannot. */
    public static Path readableFile(YObject o, String key, boolean required) {
        String name = required ? o.required(key) : o.string(key, null);
        if (name == null) {
            return null;
        }
        Path p = Path.of(name);
        if (!java.nio.file.Files.isReadable(p)) {
            o.get(key).problem("cannot read '" + name + "'; give a readable PEM file");
            return null;
        }
        return p;
    }

    private Admin admin(YObject o) {
        HostPort address = new HostPort("127.0.0.1", 9901);
        if (o == null) {
            return new Admin(address, null);
        }
        address = hostPort(o, "address", address);
        Secret token = null;
        YNode t = o.get("token");
        if (t != null && t.text() != null) {
            token = secrets.resolve(t.text(), t, t.problems());
        }
        if (token == null && !isLoopback(address.host()) && t == null) {
            o.node().problem("admin.token is required when the admin address (" + address
                    + ") is not loopback; set token: ${env:PORTCULLIS_ADMIN_TOKEN}");
        }
        return new Admin(address, token);
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static Defaults defaults(YObject o) {
        Timeouts base = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10));
        if (o == null) {
            return new Defaults(Mode.ENFORCE, base, 10L << 20);
        }
        Timeouts t = timeouts(o.object("timeouts", TIMEOUT_KEYS));
        return new Defaults(o.enumValue("mode", Mode.class, Mode.ENFORCE), t == null ? base : t.over(base),
                o.size("maxRequestBody", 10L << 20));
    }

    static final Set<String> TIMEOUT_KEYS = Set.of("connect", "response", "idle", "requestHeader");

    /** Timeouts as written; absent ones are null (a route's fall back to the defaults). */
    static Timeouts timeouts(YObject o) {
        if (o == null) {
            return null;
        }
        return new Timeouts(positive(o, "connect"), positive(o, "response"), positive(o, "idle"), positive(o, "requestHeader"));
    }

    private static Duration positive(YObject o, String key) {
        Duration d = o.duration(key, null);
        if (d != null && d.isZero()) {
            o.get(key).problem("a timeout must be greater than zero");
            return null;
        }
        return d;
    }

    private static Network network(YObject o) {
        if (o == null) {
            return new Network(true, List.of(), List.of(), Mode.ENFORCE);
        }
        return new Network(o.bool("blockPrivateNetworks", true), rules(o, "allowNetworks"), rules(o, "denyNetworks"),
                o.enumValue("mode", Mode.class, Mode.ENFORCE));
    }

    /** Network rules: a CIDR string, or { network: CIDR, ports: [..] } to limit the rule to some ports. */
    static List<NetworkRule> rules(YObject o, String key) {
        return o.list(key, n -> {
            if (n.isScalar()) {
                Cidr c = cidr(n);
                return c == null ? null : NetworkRule.anyPort(c);
            }
            YObject m = n.object(Set.of("network", "ports"));
            if (m == null) {
                return null;
            }
            YNode net = m.get("network");
            if (net == null) {
                n.problem("missing required key 'network', e.g. { network: 10.20.0.0/16, ports: [443] }");
                return null;
            }
            Cidr c = cidr(net);
            List<Integer> ports = m.list("ports", p -> p.integer(1, 65535));
            return c == null ? null : new NetworkRule(c, Set.copyOf(ports));
        });
    }

    private static Cidr cidr(YNode n) {
        String t = n.text();
        Cidr c = t == null ? null : Cidr.parse(t);
        if (c == null && t != null) {
            n.problem("'" + t + "' is not a network; write an address range such as 10.20.0.0/16 or fd00::/8");
        }
        return c;
    }

    static List<Cidr> cidrs(YObject o, String key) {
        return o.list(key, n -> {
            String t = n.text();
            Cidr c = t == null ? null : Cidr.parse(t);
            if (c == null && t != null) {
                n.problem("'" + t + "' is not a network; write an address range such as 10.20.0.0/16 or fd00::/8");
            }
            return c;
        });
    }

    private static Audit audit(YObject o) {
        List<String> redact = List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key");
        if (o == null) {
            return new Audit(GatewayConfig.Sink.STDOUT, null, redact, 1000, 10_000);
        }
        GatewayConfig.Sink sink = o.enumValue("sink", GatewayConfig.Sink.class, GatewayConfig.Sink.STDOUT);
        String path = o.string("path", null);
        if (sink == GatewayConfig.Sink.FILE && path == null) {
            o.node().problem("audit.sink is 'file' but audit.path is missing; give the file to append records to");
        }
        return new Audit(sink, path == null ? null : Path.of(path), o.has("redactHeaders") ? o.strings("redactHeaders") : redact,
                integer(o, "recentEvents", 1000, 0, 100_000), integer(o, "maxPending", 10_000, 1, 1_000_000));
    }

    private static int integer(YObject o, String key, int fallback, int min, int max) {
        YNode n = o.get(key);
        Integer v = n == null ? null : n.integer(min, max);
        return v == null ? fallback : v;
    }

    private static HostPort hostPort(YObject o, String key, HostPort fallback) {
        YNode n = o.get(key);
        if (n == null) {
            return fallback;
        }
        String t = n.text();
        HostPort hp = t == null ? null : HostPort.parse(t);
        if (hp == null && t != null) {
            n.problem("invalid address '" + t + "'; write host:port, e.g. 0.0.0.0:8080 or [::1]:9901");
        }
        return hp == null ? fallback : hp;
    }
}
