package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.policies.credentials.SigV4;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upstream recomputes the signature from what it received, with the signer that the AWS test-suite
 * vectors validate (SigV4Test): a mismatch means the gateway signed something other than what it sent.
 */
class AwsSigV4IT {
    static final Map<String, String> ENV = Map.of("AK", "AKIDEXAMPLE", "SK", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "ST", "session-tok");
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: s3, prefix: /s3, upstream: "http://127.0.0.1:%1$d", policies: [sign, tag] }
                  - { name: s3-stream, prefix: /stream, upstream: "http://127.0.0.1:%1$d", policies: [sign-unsigned] }
                policies:
                  - { name: sign, type: aws-sigv4, service: s3, region: eu-west-1, accessKeyId: "${env:AK}",
                      secretAccessKey: "${env:SK}", sessionToken: "${env:ST}" }
                  - { name: sign-unsigned, type: aws-sigv4, service: s3, region: eu-west-1, accessKeyId: "${env:AK}",
                      secretAccessKey: "${env:SK}", payload: unsigned }
                  - { name: tag, type: set-headers, set: { X-Amz-Meta-Origin: portcullis } }
                """.formatted(up.port()), Map.of(), ENV);
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    /** Recomputes the signature of what the upstream received; returns the SignedHeaders list. */
    static String verify(TestUpstream.Received r, String payloadHash) {
        String auth = r.header("authorization");
        assertThat(auth).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
        String signedHeaders = auth.substring(auth.indexOf("SignedHeaders=") + 14, auth.indexOf(", Signature="));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : signedHeaders.split(";")) {
            headers.put(name, r.headers().get(name));
        }
        Instant at = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(r.header("x-amz-date"), Instant::from);
        SigV4.Signature expected = SigV4.sign(r.method(), r.uri().getRawPath(), r.uri().getRawQuery(), headers, payloadHash,
                "AKIDEXAMPLE", ENV.get("SK"), "eu-west-1", "s3", at);
        assertThat(auth).isEqualTo(expected.authorization());
        return signedHeaders;
    }

    @Test
    void theSignatureCoversTheRequestAsItLeavesIncludingLaterPoliciesAndTheBody() throws Exception {
        byte[] body = "{\"bucket\":\"reports\"}".getBytes(StandardCharsets.UTF_8);
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/s3/reports/2026/q4.json?versionId=3&acl"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer app-own")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        TestUpstream.Received got = up.last();
        assertThat(got.header("x-amz-content-sha256")).isEqualTo(SigV4.hexSha256(body));
        assertThat(got.header("x-amz-security-token")).isEqualTo("session-tok");
        assertThat(got.header("x-amz-meta-origin")).as("set by a policy listed after the signer").isEqualTo("portcullis");
        String signed = verify(got, SigV4.hexSha256(body));
        assertThat(signed).isEqualTo("content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-origin;x-amz-security-token");
        assertThat(gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow()).path("credentials").toString())
                .contains("sign");
        assertThat(java.nio.file.Files.readString(gw.auditFile)).doesNotContain(ENV.get("SK")).doesNotContain("session-tok");
    }

    @Test
    void unsignedPayloadLetsTheBodyStream() throws Exception {
        byte[] body = new byte[200_000];
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/stream/big.bin"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        TestUpstream.Received got = up.last();
        assertThat(got.header("x-amz-content-sha256")).isEqualTo(SigV4.UNSIGNED_PAYLOAD);
        assertThat(got.header("transfer-encoding")).as("not held: still chunked").isEqualTo("chunked");
        assertThat(got.bodyBytes()).isEqualTo(body.length);
        verify(got, SigV4.UNSIGNED_PAYLOAD);
    }
}
