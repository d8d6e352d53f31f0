package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testing.TestUpstream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: exit codes, stdout holding only audit records, signals, 1 GiB bodies. */
class CliProcessIT {
    static final String JAR = System.getProperty("portcullis.jar", "target/portcullis.jar");
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper json = new ObjectMapper();

    record Result(int exit, String out, String err) {}

    static Result cli(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-jar", JAR));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        var out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }

    static String java() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

    static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void versionAndUsageErrors() throws Exception {
        Result v = cli("version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).contains("portcullis").contains("java").contains("netty 4.2");
        assertThat(cli("run", "--no-such-option").exit()).isEqualTo(2);
        assertThat(cli().exit()).isEqualTo(2);
    }

    @Test
    void anUnknownTransportStopsTheStartWithAClearMessage(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("p.yaml");
        Files.writeString(cfg, """
                version: 1
                listen: { address: 127.0.0.1:0 }
                admin: { address: 127.0.0.1:0 }
                routes:
                  - { name: r, prefix: /r, upstream: "http://127.0.0.1:9" }
                """);
        Process p = new ProcessBuilder(java(), "--enable-native-access=ALL-UNNAMED", "-Dportcullis.transport=uring", "-jar", JAR,
                "run", "--config", cfg.toString()).start();
        var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err.get()).contains("portcullis: -Dportcullis.transport=uring is not a transport: use auto, io_uring, epoll, nio")
                .doesNotContain("\tat dev.portcullis");
    }

    @Test
    void validateReportsEveryProblemWithPositions(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\nroutes:\n  - name: x\n    prefix: /x\n    upstream: http://x.example\n    polices: [a]\nlisten: { adress: 1 }\n");
        Result r = cli("validate", "--config", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(bad + ":6:5 routes[0].polices: unknown key 'polices'; did you mean 'policies'?")
                .contains(":7:11 listen.adress");
        Result j = cli("validate", "--json", "--config", bad.toString());
        assertThat(j.exit()).isEqualTo(1);
        JsonNode out = json.readTree(j.out());
        assertThat(out.path("valid").asBoolean()).isFalse();
        assertThat(out.path("problems")).hasSize(2);
        Result ok = cli("validate", "--config", "portcullis.yaml");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.err()).as("no logging-binding noise from dependencies").doesNotContain("SLF4J");
    }

    @Test
    void explainPrintsTheDecisionWithSecretsMaskedAndExitsByIt(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("c.yaml");
        Path secret = dir.resolve("key");
        Files.writeString(secret, "sk_live_TOPSECRET\n");
        Files.writeString(config, """
                version: 1
                routes:
                  - { name: stripe, prefix: /stripe, upstream: "https://api.stripe.com", methods: [POST], policies: [auth] }
                  - { name: meta, hosts: ["169.254.169.254"], ports: [80] }
                policies:
                  - { name: auth, type: set-headers, set: { Authorization: "Bearer ${file:%s}" } }
                """.formatted(secret));
        Result allow = cli("explain", "--config", config.toString(), "POST", "/stripe/v1/charges");
        assertThat(allow.exit()).as(allow.err()).isZero();
        assertThat(allow.out()).contains("route     stripe  ->  https://api.stripe.com/v1/charges")
                .contains("header    Authorization: ***").contains("decision  ALLOW").doesNotContain("TOPSECRET");
        Result deny = cli("explain", "--json", "--config", config.toString(), "GET", "/stripe/v1/charges");
        assertThat(deny.exit()).isEqualTo(3);
        assertThat(json.readTree(deny.out()).path("error").asText()).isEqualTo("method_denied");
        Result metadata = cli("explain", "--config", config.toString(), "GET", "http://169.254.169.254/latest/meta-data/");
        assertThat(metadata.exit()).isEqualTo(3);
        assertThat(metadata.out()).contains("network_denied").contains("cloud metadata");
        assertThat(cli("explain", "--config", config.toString(), "--client", "nobody", "GET", "/x").exit()).isEqualTo(2);
        Files.writeString(config, "version: 1\nroutes: oops\n");
        assertThat(cli("explain", "--config", config.toString(), "GET", "/x").exit()).isEqualTo(1);
    }

    @Test
    void runServesStreamsGigabytesInASmallHeapReloadsOnHupAndDrainsOnTerm(@TempDir Path dir) throws Exception {
        try (TestUpstream up = TestUpstream.http()) {
            int port = freePort();
            int adminPort = freePort();
            Path config = dir.resolve("portcullis.yaml");
            String yaml = """
                    version: 1
                    listen: { address: 127.0.0.1:%d, drainTimeout: 10s }
                    admin: { address: 127.0.0.1:%d }
                    defaults: { maxRequestBody: 2GiB }
                    network: { allowNetworks: [127.0.0.1/32] }
                    routes:
                      - { name: ROUTE, prefix: /up, upstream: "http://127.0.0.1:%d" }
                      - { name: dlp, prefix: /dlp, upstream: "http://127.0.0.1:%3$d", policies: [pii] }
                    policies:
                      - { name: pii, type: dlp, action: redact }
                    """;
            Files.writeString(config, yaml.formatted(port, adminPort, up.port()).replace("ROUTE", "first"));
            Process p = new ProcessBuilder(java(), "-Xmx64m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-jar", JAR,
                    "run", "--config", config.toString()).start();
            List<String> stdout = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> new BufferedReader(new InputStreamReader(p.getInputStream())).lines().forEach(stdout::add));
            var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try {
                String base = "http://127.0.0.1:" + port;
                await(() -> get("http://127.0.0.1:" + adminPort + "/readyz") == 200);

                // the DLP prefilter without the vector module: the same findings, a byte at a time
                String orders = "{\"orders\": [" + "{\"id\": \"f47ac10b-58cc-4372-a567-0e02b2c3d479\", \"at\": \"2026-11-26\"}, ".repeat(60)
                        + "{\"note\": \"card 4111 1111 1111 1111\"}]}";
                var dlp = http.send(HttpRequest.newBuilder(URI.create(base + "/dlp/echo")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(orders)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(dlp.body()).contains("\"card [REDACTED:credit-card]\"").doesNotContain("4111")
                        .startsWith(orders.substring(0, 4000));

                long gib = 1L << 30;
                var upload = http.send(HttpRequest.newBuilder(URI.create(base + "/up/sink"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(gib))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(upload.statusCode()).isEqualTo(200);
                assertThat(upload.headers().firstValue("X-Upstream-Bytes")).hasValue(Long.toString(gib));

                var download = http.send(HttpRequest.newBuilder(URI.create(base + "/up/bytes/" + gib)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                long got = 0;
                try (InputStream in = download.body()) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        got += n;
                    }
                }
                assertThat(got).isEqualTo(gib);

                Files.writeString(config, yaml.formatted(port, adminPort, up.port()).replace("ROUTE", "second"));
                new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
                await(() -> {
                    get(base + "/up/probe");
                    return stdout.stream().anyMatch(l -> l.contains("\"route\":\"second\""));
                });

                var slow = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/up/sleep/1500")).build(), HttpResponse.BodyHandlers.ofString());
                await(() -> up.received.stream().anyMatch(r -> r.uri().getPath().equals("/sleep/1500")));
                new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).as("in-flight call finishes during the drain").isEqualTo(200);
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(err.getNow("")).isZero();
                // started without --add-modules jdk.incubator.vector: the DLP prefilter falls back, and says so
                assertThat(err.get(5, TimeUnit.SECONDS)).contains("DLP prefilter scalar (start the JVM with --add-modules");
            } finally {
                p.destroyForcibly();
            }
            Thread.sleep(100);
            assertThat(stdout).isNotEmpty();
            for (String line : stdout) {
                JsonNode record = json.readTree(line); // stdout carries only audit records
                assertThat(record.has("requestId")).as(line).isTrue();
            }
            assertThat(stdout).anyMatch(l -> l.contains("\"url\":\"http://127.0.0.1:" + up.port() + "/sleep/1500\""));
            assertThat(stdout).anyMatch(l -> l.contains("\"requestBytes\":" + (1L << 30)));
            assertThat(stdout).anyMatch(l -> l.contains("\"responseBytes\":" + (1L << 30)));
            assertThat(err.get()).contains("draining").doesNotContain("OutOfMemoryError");
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (c.ok()) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within 20 s");
    }

    static int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An input stream of n zero bytes, generated on the fly. */
    static final class Zeros extends InputStream {
        private long left;

        Zeros(long n) { this.left = n; }

        @Override public int read() { return left-- > 0 ? 0 : -1; }

        @Override public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
