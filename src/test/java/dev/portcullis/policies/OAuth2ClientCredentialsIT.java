package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestTokenServer;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client-credentials tokens from a real token endpoint, fetched through the gateway's own connector. */
class OAuth2ClientCredentialsIT {
    static TestUpstream up;
    static TestTokenServer idp;
    static TestGateway gw;
    static TestTokenServer privateIdp;

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        idp = new TestTokenServer("billing-app", "s3cr3t/with+symbols");
        idp.delayMillis = 300; // long enough for every concurrent call to be waiting on the first token request
        dev.portcullis.testing.TestCerts ca = dev.portcullis.testing.TestCerts.newCa();
        privateIdp = new TestTokenServer("billing-app", "s3cr3t/with+symbols", ca.issue("idp.test").serverContext());
        java.nio.file.Path caFile = ca.writeCaPem(Files.createTempDirectory("idp-ca"));
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: api, prefix: /api, upstream: "http://127.0.0.1:%1$d", policies: [idp] }
                  - { name: post, prefix: /post, upstream: "http://127.0.0.1:%1$d", policies: [idp-post] }
                  - { name: held, prefix: /held, upstream: "http://127.0.0.1:%1$d", policies: [pii, idp-held] }
                  - { name: bad, prefix: /bad, upstream: "http://127.0.0.1:%1$d", policies: [idp-wrong] }
                  - { name: blocked, prefix: /blocked, upstream: "http://127.0.0.1:%1$d", policies: [idp-internal] }
                  - { name: private-idp, prefix: /private-idp, upstream: "http://127.0.0.1:%1$d", policies: [idp-tls] }
                  - { name: untrusted-idp, prefix: /untrusted-idp, upstream: "http://127.0.0.1:%1$d", policies: [idp-untrusted] }
                policies:
                  - { name: pii, type: dlp, action: redact }
                  - { name: idp-held, type: oauth2-client-credentials, tokenUrl: "%2$s", clientId: billing-app,
                      clientSecret: "${env:IDP_SECRET}", scopes: [payments.write] }
                  - { name: idp, type: oauth2-client-credentials, tokenUrl: "%2$s", clientId: billing-app,
                      clientSecret: "${env:IDP_SECRET}", scopes: [payments.read, payments.write] }
                  - { name: idp-post, type: oauth2-client-credentials, tokenUrl: "%2$s", clientId: billing-app,
                      clientSecret: "${env:IDP_SECRET}", clientAuth: post }
                  - { name: idp-wrong, type: oauth2-client-credentials, tokenUrl: "%2$s", clientId: billing-app,
                      clientSecret: "${env:WRONG}" }
                  - { name: idp-internal, type: oauth2-client-credentials, tokenUrl: "http://idp.internal:%3$d/oauth2/token",
                      clientId: billing-app, clientSecret: "${env:IDP_SECRET}" }
                  - { name: idp-tls, type: oauth2-client-credentials, tokenUrl: "%4$s", clientId: billing-app,
                      clientSecret: "${env:IDP_SECRET}", tls: { caFile: %5$s } }
                  - { name: idp-untrusted, type: oauth2-client-credentials, tokenUrl: "%4$s", clientId: billing-app,
                      clientSecret: "${env:IDP_SECRET}" }
                """.formatted(up.port(), idp.url(), up.port(), privateIdp.url(), caFile),
                Map.of("idp.internal", List.of(TestGateway.ip("10.9.8.7")), "idp.test", List.of(TestGateway.ip("127.0.0.1"))),
                Map.of("IDP_SECRET", "s3cr3t/with+symbols", "WRONG", "not-the-secret"));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
        idp.close();
        privateIdp.close();
    }

    @Test
    void twoHundredConcurrentCallsWithAnEmptyCacheMakeOneTokenRequest() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int before = idp.requests.get();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gw.base() + "/api/c" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var c : calls) {
            assertThat(c.get().statusCode()).isEqualTo(200);
        }
        assertThat(idp.requests.get() - before).as("token requests").isEqualTo(1);
        assertThat(up.received.stream().filter(r -> r.uri().getPath().startsWith("/c")).map(r -> r.header("authorization")).distinct())
                .containsExactly("Bearer token-" + idp.requests.get());
        assertThat(idp.lastScope).isEqualTo("payments.read payments.write");
    }

    @Test
    void aRevokedTokenIsDroppedAndTheCallRetriedOnceWithAFreshOne() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/post/warm")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        String revoked = up.last().header("authorization");
        up.rejectAuthorization = revoked;
        try {
            int tokens = idp.requests.get();
            var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/post/again")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(up.received).filteredOn(x -> x.uri().getPath().equals("/again")).extracting(x -> x.header("authorization"))
                    .containsExactly(revoked, "Bearer token-" + (tokens + 1));
            assertThat(idp.requests.get()).isEqualTo(tokens + 1);
            assertThat(gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow()).path("attempts").asInt()).isEqualTo(2);

            // a streamed body can't be sent twice: the 401 goes back to the caller as it is
            up.rejectAuthorization = up.last().header("authorization");
            var post = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/post/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[1000]))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(401);
            assertThat(post.headers().firstValue("X-Portcullis-Error")).isEmpty();
        } finally {
            up.rejectAuthorization = null;
        }
    }

    /**
     * A held body, redacted by dlp, is sent again on the retry: it was written upstream (and its buffer
     * given back by the writer) before the 401 came, and the retry reads it from the call's own reference.
     */
    @Test
    void aHeldRedactedBodyIsSentAgainWhenTheCallIsRetried() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/held/warm")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        up.rejectAuthorization = up.last().header("authorization");
        try {
            String body = "{\"card\": \"4111 1111 1111 1111\", \"note\": \"" + "x".repeat(20_000) + "\"}";
            var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/held/echo")).header("Content-Type", "application/json")
                    .timeout(java.time.Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            String redacted = body.replace("4111 1111 1111 1111", "[REDACTED:credit-card]");
            assertThat(up.received).filteredOn(x -> x.uri().getPath().equals("/echo"))
                    .extracting(x -> new String(x.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("what the upstream received, on the refused attempt and on the retry").containsExactly(redacted, redacted);
            assertThat(r.body()).isEqualTo(redacted);
            var audit = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
            assertThat(audit.path("attempts").asInt()).isEqualTo(2);
            assertThat(audit.path("dlp").toString()).contains("credit-card").doesNotContain("4111");
        } finally {
            up.rejectAuthorization = null;
        }
    }

    @Test
    void aPrivateIdentityProviderIsTrustedThroughThePolicysCaFileOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var ok = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/private-idp/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(up.last().header("authorization")).startsWith("Bearer token-");
        var untrusted = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/untrusted-idp/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(untrusted.statusCode()).isEqualTo(502);
        assertThat(untrusted.body()).contains("token endpoint " + privateIdp.url()).contains("TLS handshake");
        String config = http.send(HttpRequest.newBuilder(URI.create(gw.admin() + "/api/v1/config")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(config).contains("oauth2-client-credentials").doesNotContain("s3cr3t");
    }

    @Test
    void clientSecretInTheFormBodyWorksToo() throws Exception {
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.base() + "/post/p")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(up.last().header("authorization")).startsWith("Bearer token-");
    }

    @Test
    void tokenEndpointFailuresAre502NamingTheEndpointNeverTheSecret() throws Exception {
        int before = up.received.size();
        var wrong = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.base() + "/bad/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(502);
        assertThat(wrong.body()).contains("token endpoint " + idp.url()).contains("401").contains("invalid_client")
                .doesNotContain("not-the-secret");
        var blocked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.base() + "/blocked/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(blocked.statusCode()).isEqualTo(502);
        assertThat(blocked.body()).contains("blocked network").contains("10.9.8.7");
        assertThat(gw.dialed).noneMatch(a -> a.getHostAddress().equals("10.9.8.7"));
        assertThat(up.received.size()).as("no call went out without its token").isEqualTo(before);
        assertThat(Files.readString(gw.auditFile)).doesNotContain("s3cr3t").doesNotContain("token-");
    }
}
