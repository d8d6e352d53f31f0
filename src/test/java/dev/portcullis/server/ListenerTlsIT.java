package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testing.TestCerts;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS on the egress listener, callers identified by their certificate's subject (mTLS). */
class ListenerTlsIT {
    static TestUpstream up;
    static TestCerts ca;
    static Path dir;
    static TestCerts.Issued billing;
    static TestCerts.Issued stranger;

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        ca = TestCerts.newCa();
        dir = Files.createTempDirectory("mtls");
        ca.writeCaPem(dir);
        ca.issue("gateway.test").writePem(dir, "gateway");
        billing = ca.issueClient("CN=billing, O=Acme");
        billing.writePem(dir, "billing");
        stranger = ca.issueClient("CN=stranger,O=Elsewhere");
    }

    @AfterAll
    static void stop() {
        up.close();
    }

    static TestGateway gateway(String clientAuth) throws Exception {
        return TestGateway.start("""
                listen:
                  address: 127.0.0.1:0
                  tls: { certFile: %1$s/gateway.pem, keyFile: %1$s/gateway.key, clientCaFile: %1$s/ca.pem, clientAuth: %2$s }
                network: { allowNetworks: [127.0.0.1/32] }
                clients:
                  - { name: billing, match: { tlsSubject: "cn=billing,o=Acme" } }
                routes:
                  - { name: r, prefix: /r, upstream: "http://127.0.0.1:%3$d" }
                  - { name: f, hosts: ["127.0.0.1"], ports: [%3$d], clients: [billing] }
                """.formatted(dir, clientAuth, up.port()));
    }

    static HttpResponse<String> get(TestGateway gw, javax.net.ssl.SSLContext ssl) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.port() + "/r/x")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requiredClientCertificatesIdentifyTheCaller() throws Exception {
        try (TestGateway gw = gateway("require")) {
            var r = get(gw, billing.clientContext());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
            assertThat(a.path("client").asText()).isEqualTo("billing");
            assertThatThrownBy(() -> get(gw, ca.clientTrust())).as("no certificate, no connection").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void optionalClientCertificatesFallBackToOtherMatches() throws Exception {
        try (TestGateway gw = gateway("optional")) {
            var none = get(gw, ca.clientTrust());
            assertThat(none.statusCode()).isEqualTo(200);
            assertThat(gw.awaitAudit(none.headers().firstValue("X-Request-Id").orElseThrow()).path("client").asText()).isEqualTo("anonymous");
            var other = get(gw, stranger.clientContext());
            assertThat(gw.awaitAudit(other.headers().firstValue("X-Request-Id").orElseThrow()).path("client").asText()).isEqualTo("anonymous");
        }
    }

    @Test
    void curlThroughAnHttpsProxyWithAClientCertificate() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/curl"))) {
            return;
        }
        try (TestGateway gw = gateway("require")) {
            Process p = new ProcessBuilder("curl", "-sS", "-x", "https://127.0.0.1:" + gw.port(), "--proxy-cacert", dir + "/ca.pem",
                    "--proxy-cert", dir + "/billing.pem", "--proxy-key", dir + "/billing.key",
                    "http://127.0.0.1:" + up.port() + "/through-tls-proxy").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).isEqualTo("ok");
            assertThat(up.last().uri().getPath()).isEqualTo("/through-tls-proxy");
        }
    }
}
