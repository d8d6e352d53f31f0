package dev.portcullis.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.TestCerts;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-route upstream TLS: mutual TLS with a client certificate, minimum version, key pinning. */
class UpstreamTlsIT {
    static TestUpstream mtls;
    static TestUpstream tls12only;
    static TestGateway gw;
    static String rightPin;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        TestCerts ca = TestCerts.newCa();
        Path dir = Files.createTempDirectory("upstream-tls");
        Path caFile = ca.writeCaPem(dir);
        TestCerts.Issued server = ca.issue("api.partner.test");
        rightPin = server.pin();
        mtls = TestUpstream.https(server.serverContextTrustingClients(), true, null);
        tls12only = TestUpstream.https(server.serverContext(), false, new String[] {"TLSv1.2"});
        ca.issueClient("CN=portcullis,O=Acme").writePem(dir, "gateway-client");
        String wrongPin = TestCerts.newCa().issue("x").pin();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - name: mtls
                    prefix: /mtls
                    upstream: https://api.partner.test:%1$d
                    tls: { caFile: %3$s, clientCert: %4$s/gateway-client.pem, clientKey: %4$s/gateway-client.key, pinSha256: ["%5$s"] }
                  - { name: no-client-cert, prefix: /nocert, upstream: "https://api.partner.test:%1$d", tls: { caFile: %3$s } }
                  - name: wrong-pin
                    prefix: /wrongpin
                    upstream: https://api.partner.test:%1$d
                    tls: { caFile: %3$s, clientCert: %4$s/gateway-client.pem, clientKey: %4$s/gateway-client.key, pinSha256: ["%6$s"] }
                  - { name: tls13, prefix: /tls13, upstream: "https://api.partner.test:%2$d", tls: { caFile: %3$s, minVersion: TLSv1.3 } }
                  - { name: tls12, prefix: /tls12, upstream: "https://api.partner.test:%2$d", tls: { caFile: %3$s } }
                """.formatted(mtls.port(), tls12only.port(), caFile, dir, rightPin, wrongPin),
                Map.of("api.partner.test", List.of(TestGateway.ip("127.0.0.1"))), Map.of());
    }

    @AfterAll
    static void stop() {
        gw.close();
        mtls.close();
        tls12only.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gw.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mutualTlsWithAPinnedKeyWorks() throws Exception {
        var r = get("/mtls/hello");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(mtls.last().uri().getPath()).isEqualTo("/hello");
    }

    @Test
    void withoutTheClientCertificateTheUpstreamRefusesAndThe502SaysSo() throws Exception {
        var r = get("/nocert/hello");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("TLS").contains("api.partner.test:" + mtls.port());
    }

    @Test
    void aPinMismatchIsRefusedNamingTheServersKey() throws Exception {
        int before = mtls.received.size();
        var r = get("/wrongpin/hello");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("certificate pin mismatch").contains("sha256/" + rightPin.substring(0, 20));
        assertThat(mtls.received.size()).as("no request is sent to a server that failed its pin").isEqualTo(before);
    }

    @Test
    void minVersionRefusesOlderProtocols() throws Exception {
        assertThat(get("/tls12/hello").statusCode()).isEqualTo(200);
        var r = get("/tls13/hello");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("TLS handshake");
    }
}
