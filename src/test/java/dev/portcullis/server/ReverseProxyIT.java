package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testing.TestCerts;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reverse routes through the real gateway with real HTTP and HTTPS upstreams and the JDK HttpClient. */
class ReverseProxyIT {
    static TestUpstream plain;
    static TestUpstream tls;
    static TestUpstream wrongName;
    static TestGateway gw;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        plain = TestUpstream.http();
        TestCerts ca = TestCerts.newCa();
        tls = TestUpstream.https(ca.issue("upstream.test").serverContext());
        wrongName = TestUpstream.https(ca.issue("other.test").serverContext());
        Path dir = java.nio.file.Files.createTempDirectory("ca");
        Path caFile = ca.writeCaPem(dir);
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                clients:
                  - { name: billing, match: { header: { X-Portcullis-Client: billing } } }
                routes:
                  - name: svc
                    prefix: /svc
                    upstream: http://127.0.0.1:%1$d/base
                    policies: [tag, strip, limits]
                  - name: strict
                    prefix: /strict
                    upstream: http://127.0.0.1:%1$d
                    clients: [billing]
                    methods: [GET]
                    paths: ["/v1/charges/**", "/v1/customers/*"]
                    policies: [need-team]
                  - name: secure
                    prefix: /secure
                    upstream: https://upstream.test:%2$d
                    tls: { caFile: %3$s }
                  - name: untrusted
                    prefix: /untrusted
                    upstream: https://upstream.test:%2$d
                  - name: wrongname
                    prefix: /wrongname
                    upstream: https://upstream.test:%4$d
                    tls: { caFile: %3$s }
                  - name: slow
                    prefix: /slow
                    upstream: http://127.0.0.1:%1$d
                    timeouts: { response: 300ms }
                  - name: trial
                    prefix: /trial
                    upstream: http://127.0.0.1:%1$d
                    methods: [GET]
                    mode: report
                    policies: [need-team-report]
                  - name: digest
                    prefix: /digest
                    upstream: http://127.0.0.1:%1$d
                    policies: [digest-both]
                  - name: digest-small
                    prefix: /digest-small
                    upstream: http://127.0.0.1:%1$d
                    policies: [digest-small]
                  - name: idle
                    prefix: /idle
                    upstream: http://127.0.0.1:%1$d
                    timeouts: { idle: 300ms, response: 10s }
                  - name: down
                    prefix: /down
                    upstream: http://127.0.0.1:1
                policies:
                  - { name: tag, type: set-headers, set: { X-Egress: "portcullis", Authorization: "Bearer ${env:KEY}" }, responseSet: { X-Served-By: portcullis } }
                  - { name: strip, type: remove-headers, remove: [X-Internal-Trace], responseRemove: [Server] }
                  - { name: limits, type: payload-limits, maxRequestBody: 64KiB, maxResponseBody: 1MiB }
                  - { name: need-team, type: require-headers, headers: [X-Team] }
                  - { name: need-team-report, type: require-headers, headers: [X-Team], mode: report }
                  - { name: digest-both, type: content-digest, direction: both, maxBody: 1MiB }
                  - { name: digest-small, type: content-digest, direction: both, algorithm: sha-512, maxBody: 1KiB }
                """.formatted(plain.port(), tls.port(), caFile, wrongName.port()),
                Map.of("upstream.test", java.util.List.of(TestGateway.ip("127.0.0.1"))), Map.of("KEY", "injected-secret"));
    }

    @AfterAll
    static void stop() {
        gw.close();
        plain.close();
        tls.close();
        wrongName.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forwardsToTheUpstreamWithPrefixReplacedAndPoliciesApplied() throws Exception {
        int before = plain.received.size();
        var r = get("/svc/items/42?q=a%20b&x=1", "X-Internal-Trace", "abc", "Authorization", "Bearer app-own", "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
        var seen = plain.received.get(before);
        assertThat(seen.uri().getRawPath()).isEqualTo("/base/items/42");
        assertThat(seen.uri().getRawQuery()).isEqualTo("q=a%20b&x=1");
        assertThat(seen.header("host")).isEqualTo("127.0.0.1:" + plain.port());
        assertThat(seen.header("x-egress")).isEqualTo("portcullis");
        assertThat(seen.header("authorization")).isEqualTo("Bearer injected-secret");
        assertThat(seen.header("x-internal-trace")).isNull();
        assertThat(seen.headers()).doesNotContainKeys("x-forwarded-for", "forwarded", "via", "x-real-ip");
        assertThat(r.headers().firstValue("X-Served-By")).hasValue("portcullis");
        assertThat(r.headers().firstValue("Server")).isEmpty();
        assertThat(r.headers().firstValue("X-Portcullis-Error")).as("upstream's copy is stripped").isEmpty();
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode a = gw.awaitAudit(id);
        assertThat(a.path("decision").asText()).isEqualTo("allow");
        assertThat(a.path("route").asText()).isEqualTo("svc");
        assertThat(a.path("kind").asText()).isEqualTo("reverse");
        assertThat(a.path("status").asInt()).isEqualTo(200);
        assertThat(a.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(a.path("url").asText()).isEqualTo("http://127.0.0.1:" + plain.port() + "/base/items/42?q=a%20b&x=1");
        assertThat(a.path("upstreamAddress").asText()).isEqualTo("127.0.0.1:" + plain.port());
        assertThat(a.path("responseBytes").asLong()).isEqualTo(2);
        assertThat(a.path("requestHeaders").path("authorization").asText()).isEqualTo("***");
        assertThat(a.has("durationMs")).isTrue();
        assertThat(a.toString()).doesNotContain("injected-secret").doesNotContain("app-own");
    }

    @Test
    void postBodiesStreamBothWays() throws Exception {
        byte[] body = new byte[40_000];
        java.util.Arrays.fill(body, (byte) 'x');
        var r = client.send(HttpRequest.newBuilder(URI.create(gw.base() + "/svc/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(java.util.Arrays.equals(r.body(), body)).as("echoed body equals the sent one").isTrue();
        JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("requestBytes").asLong()).isEqualTo(40_000);
        assertThat(a.path("responseBytes").asLong()).isEqualTo(40_000);
    }

    @Test
    void unmatchedPathIsNoRouteAndNothingReachesTheUpstream() throws Exception {
        int before = plain.received.size();
        var r = get("/svcx/items");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("X-Portcullis-Error")).hasValue("no_route");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("no_route");
        assertThat(body.path("message").asText()).contains("/svcx/items");
        String id = body.path("requestId").asText();
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue(id);
        JsonNode a = gw.awaitAudit(id);
        assertThat(a.path("decision").asText()).isEqualTo("deny");
        assertThat(a.path("error").asText()).isEqualTo("no_route");
        assertThat(plain.received.size()).isEqualTo(before);
    }

    @Test
    void routeRulesRefuseClientMethodAndPath() throws Exception {
        int before = plain.received.size();
        assertThat(get("/strict/v1/charges/ch_1", "X-Team", "t").headers().firstValue("X-Portcullis-Error")).hasValue("client_denied");
        var method = client.send(HttpRequest.newBuilder(URI.create(gw.base() + "/strict/v1/charges/ch_1"))
                .header("X-Portcullis-Client", "billing").DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(method.statusCode()).isEqualTo(403);
        assertThat(method.headers().firstValue("X-Portcullis-Error")).hasValue("method_denied");
        var path = get("/strict/v1/refunds", "X-Portcullis-Client", "billing", "X-Team", "t");
        assertThat(path.headers().firstValue("X-Portcullis-Error")).hasValue("path_denied");
        var missing = get("/strict/v1/customers/c1", "X-Portcullis-Client", "billing");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("X-Portcullis-Error")).hasValue("missing_header");
        JsonNode a = gw.awaitAudit(missing.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("policy").asText()).isEqualTo("need-team");
        assertThat(a.path("client").asText()).isEqualTo("billing");
        assertThat(plain.received.size()).isEqualTo(before);
        var ok = get("/strict/v1/charges/ch_1/refunds", "X-Portcullis-Client", "billing", "X-Team", "t");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(plain.last().header("x-portcullis-client")).as("identity header stripped").isNull();
    }

    @Test
    void reportModeLetsDenialsPassAndRecordsThem() throws Exception {
        int before = plain.received.size();
        var r = client.send(HttpRequest.newBuilder(URI.create(gw.base() + "/trial/x")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(plain.received.size()).isEqualTo(before + 1);
        JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("decision").asText()).isEqualTo("allow");
        assertThat(a.path("reported").toString())
                .contains("{\"policy\":\"route:trial\",\"error\":\"method_denied\"}")
                .contains("{\"policy\":\"need-team-report\",\"error\":\"missing_header\"}");
        String metrics = new String(new java.net.URL(gw.admin() + "/metrics").openStream().readAllBytes());
        assertThat(metrics).contains("portcullis_reported_total{").contains("policy=\"need-team-report\"");
    }

    static String digest(String algorithm, byte[] body) throws Exception {
        return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance(algorithm).digest(body));
    }

    @Test
    void policiesThatNeedTheBodySeeItWholeAndItIsReframed() throws Exception {
        byte[] body = new byte[300_000];
        new java.util.Random(7).nextBytes(body);
        // a chunked upload (no Content-Length): held whole, digested, sent on with a Content-Length
        var r = client.send(HttpRequest.newBuilder(URI.create(gw.base() + "/digest/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        var seen = plain.last();
        assertThat(seen.bodyBytes()).isEqualTo(body.length);
        assertThat(seen.header("content-digest")).isEqualTo("sha-256=:" + digest("SHA-256", body) + ":");
        assertThat(seen.header("content-length")).isEqualTo(Integer.toString(body.length));
        assertThat(seen.header("transfer-encoding")).isNull();
        assertThat(java.util.Arrays.equals(r.body(), body)).isTrue();
        assertThat(r.headers().firstValue("Content-Digest")).hasValue("sha-256=:" + digest("SHA-256", body) + ":");
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(body.length));
        JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("requestBytes").asLong()).isEqualTo(body.length);
        assertThat(a.path("responseBytes").asLong()).isEqualTo(body.length);

        var small = get("/digest-small/bytes/1000");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValue("Content-Digest")).hasValue("sha-512=:" + digest("SHA-512", new byte[1000]) + ":");
        var empty = get("/digest-small/status/204");
        assertThat(empty.statusCode()).isEqualTo(204);
    }

    @Test
    void bodiesLargerThanThePoliciesMayInspectAreRefused() throws Exception {
        int before = plain.received.size();
        var declared = client.send(HttpRequest.newBuilder(URI.create(gw.base() + "/digest-small/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2000])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("may inspect");
        var chunked = client.send(HttpRequest.newBuilder(URI.create(gw.base() + "/digest-small/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[5000]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(plain.received.size()).as("nothing unseen went upstream").isEqualTo(before);
        var response = get("/digest-small/bytes/5000");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("X-Portcullis-Error")).hasValue("payload_too_large");
        assertThat(response.body()).contains("upstream response body of 5000 bytes");
    }

    @Test
    void oversizedBodiesAreRefusedWith413() throws Exception {
        int before = plain.received.size();
        var r = client.send(HttpRequest.newBuilder(URI.create(gw.base() + "/svc/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("X-Portcullis-Error")).hasValue("payload_too_large");
        assertThat(plain.received.size()).isEqualTo(before);
        var big = get("/svc/bytes/2000000");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("maxResponseBody");
    }

    @Test
    void httpsUpstreamIsVerifiedAgainstTheRoutesCa() throws Exception {
        var ok = get("/secure/hello");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(tls.last().header("host")).isEqualTo("upstream.test:" + tls.port());
        var untrusted = get("/untrusted/hello");
        assertThat(untrusted.statusCode()).isEqualTo(502);
        assertThat(untrusted.headers().firstValue("X-Portcullis-Error")).hasValue("upstream_unavailable");
        assertThat(untrusted.body()).contains("TLS handshake with upstream.test:" + tls.port());
        var mismatch = get("/wrongname/hello");
        assertThat(mismatch.statusCode()).isEqualTo(502);
        assertThat(mismatch.body()).contains("TLS handshake").containsIgnoringCase("upstream.test");
    }

    @Test
    void upstreamFailuresMapTo502And504() throws Exception {
        var down = get("/down/x");
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.body()).contains("refused");
        var slow = get("/slow/sleep/2000");
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(slow.headers().firstValue("X-Portcullis-Error")).hasValue("upstream_timeout");
        assertThat(slow.body()).contains("timeouts.response");
        JsonNode a = gw.awaitAudit(slow.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("decision").asText()).isEqualTo("error");
        var idle = get("/idle/sleep/2000");
        assertThat(idle.statusCode()).isEqualTo(504);
        assertThat(idle.body()).contains("timeouts.idle");
    }

    @Test
    void redirectsArePassedBackNotFollowed() throws Exception {
        int before = plain.received.size();
        var r = get("/svc/redirect");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("http://169.254.169.254/latest/meta-data/");
        assertThat(plain.received.size()).isEqualTo(before + 1);
        assertThat(gw.dialed).allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
    }

    @Test
    void keepAliveConnectionsAreReusedUpstream() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/svc/k" + i).statusCode()).isEqualTo(200);
        }
        long dials = gw.dialed.stream().filter(a -> a.isLoopbackAddress()).count();
        HttpResponse<String> last = null;
        for (int i = 0; i < 20; i++) {
            last = get("/svc/again" + i);
            assertThat(last.statusCode()).isEqualTo(200);
        }
        assertThat(gw.dialed.size() - dials).as("sequential calls reuse pooled connections").isLessThanOrEqualTo(2);
        // a call on a reused connection still records where it went
        JsonNode a = gw.awaitAudit(last.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("upstreamAddress").asText()).isEqualTo("127.0.0.1:" + plain.port());
    }
}
