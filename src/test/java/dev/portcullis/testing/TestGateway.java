package dev.portcullis.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.net.HostResolver;
import dev.portcullis.observe.AuditSink;
import dev.portcullis.server.Gateway;
import dev.portcullis.server.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A real gateway started in the test JVM on port 0, with a resolver that answers from a map (no real
 * DNS), a dial filter that refuses every non-loopback address, and an audit file the test reads.
 */
public final class TestGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Gateway gateway;
    public final Path dir;
    public final Path configFile;
    public final Path auditFile;
    /** Every address the gateway asked to dial (the filter lets only loopback through). */
    public final List<InetAddress> dialed;

    private TestGateway(Gateway gateway, Path dir, Path configFile, Path auditFile, List<InetAddress> dialed) {
        this.dialed = dialed;
        this.gateway = gateway;
        this.dir = dir;
        this.configFile = configFile;
        this.auditFile = auditFile;
    }

    /** Starts a gateway on the YAML (listen/admin/audit are added); names resolve through dns. */
    public static TestGateway start(String yaml, Map<String, List<InetAddress>> dns, Map<String, String> env) throws Exception {
        return start(yaml, dns, env, out -> out);
    }

    /** As start, with the audit file's stream wrapped (to slow or block the sink). */
    public static TestGateway start(String yaml, Map<String, List<InetAddress>> dns, Map<String, String> env,
            java.util.function.UnaryOperator<java.io.OutputStream> auditStream) throws Exception {
        return start(yaml, resolverOf(dns), env, auditStream);
    }

    private static HostResolver resolverOf(Map<String, List<InetAddress>> dns) {
        return host -> {
            if (host.startsWith("hang.")) {
                return new CompletableFuture<>(); // a DNS server that never answers
            }
            List<InetAddress> answer = dns.get(host);
            return answer == null ? CompletableFuture.failedFuture(new UnknownHostException(host))
                    : CompletableFuture.completedFuture(answer);
        };
    }

    /** The most general form: any resolver (e.g. one whose answers change between lookups). */
    public static TestGateway start(String yaml, HostResolver resolver, Map<String, String> env,
            java.util.function.UnaryOperator<java.io.OutputStream> auditStream) throws Exception {
        return start(yaml, resolver, env, auditStream, Transport.best());
    }

    /** A gateway on the given transport (io_uring, epoll or nio), other choices as {@link #start(String)}. */
    public static TestGateway start(String yaml, Transport transport) throws Exception {
        return start(yaml, resolverOf(Map.of()), Map.of(), out -> out, transport);
    }

    private static TestGateway start(String yaml, HostResolver resolver, Map<String, String> env,
            java.util.function.UnaryOperator<java.io.OutputStream> auditStream, Transport transport) throws Exception {
        Path dir = Files.createTempDirectory("portcullis-test");
        Path audit = dir.resolve("audit.jsonl");
        String full = "version: 1\n" + (yaml.contains("listen:") ? "" : "listen: { address: 127.0.0.1:0, drainTimeout: 5s }\n")
                + (yaml.contains("admin:") ? "" : "admin: { address: 127.0.0.1:0 }\n")
                + (yaml.contains("audit: {") ? "" : "audit: { sink: file, path: " + audit + " }\n")
                + yaml.replace("audit: {", "audit: { sink: file, path: " + audit + ",");
        Path config = dir.resolve("portcullis.yaml");
        Files.writeString(config, full);
        var parsed = new ConfigLoader(new SecretResolver(env::get)).load(config);
        List<InetAddress> dialed = new java.util.concurrent.CopyOnWriteArrayList<>();
        Predicate<InetAddress> loopbackOnly = a -> {
            dialed.add(a);
            return a.isLoopbackAddress();
        };
        Gateway g = Gateway.start(parsed, new Gateway.Options(config, new SecretResolver(env::get), resolver, loopbackOnly,
                AuditSink.to(auditStream.apply(Files.newOutputStream(audit, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND))), transport));
        return new TestGateway(g, dir, config, audit, dialed);
    }

    public static TestGateway start(String yaml) throws Exception {
        return start(yaml, Map.of(), Map.of());
    }

    public int port() { return gateway.port(); }

    public String base() { return "http://127.0.0.1:" + port(); }

    public String admin() { return "http://127.0.0.1:" + gateway.adminPort(); }

    /** Every audit line written so far. */
    public List<JsonNode> audit() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(auditFile)) {
            return out;
        }
        // Linux does not make a write(2) to a regular file atomic for a concurrent read, so the last line
        // may be half-written: parse only lines that already end with a newline.
        String text = Files.readString(auditFile);
        String complete = text.substring(0, text.lastIndexOf('\n') + 1);
        for (String line : complete.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** Waits (bounded) for the audit record of this request id. */
    public JsonNode awaitAudit(String requestId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode n : audit()) {
                if (requestId.equals(n.path("requestId").asText())) {
                    return n;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no audit record for " + requestId + " in " + auditFile);
    }

    /** Waits (bounded) until the audit file holds at least n records. */
    public List<JsonNode> awaitAuditCount(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> all = audit();
        while (all.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
            all = audit();
        }
        return all;
    }

    public void rewriteConfig(String yaml) throws IOException {
        String old = Files.readString(configFile);
        String head = old.substring(0, old.indexOf("audit:"));
        String auditLine = old.substring(old.indexOf("audit:"), old.indexOf('\n', old.indexOf("audit:")) + 1);
        Files.writeString(configFile, head + auditLine + yaml);
    }

    @Override
    public void close() { gateway.close(); }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByAddress(literal, InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
