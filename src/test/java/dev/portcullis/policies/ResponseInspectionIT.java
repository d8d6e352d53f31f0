package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** response-inspection through the real gateway: the upstream's answer is checked before the caller sees any of it. */
class ResponseInspectionIT {
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newHttpClient();
    static final String CARD_JSON = "{\"id\":7,\"card\":\"5500 0000 0000 0004\",\"key\":\"AKIAIOSFODNN7EXAMPLE\"}";

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: strict, prefix: /strict, upstream: "http://127.0.0.1:%1$d", policies: [inspect] }
                  - { name: masked, prefix: /masked, upstream: "http://127.0.0.1:%1$d", policies: [inspect-redact] }
                policies:
                  - name: inspect
                    type: response-inspection
                    contentTypes: [application/json, "text/*"]
                    maxResponseBody: 4KiB
                    dlp: { detectors: [credit-card, aws-access-key], action: block }
                  - name: inspect-redact
                    type: response-inspection
                    dlp: { detectors: [credit-card], action: redact, keepLast: 4 }
                """.formatted(up.port()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static HttpResponse<String> echo(String path, String type, String body, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(gw.base() + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCleanAllowedResponsePasses() throws Exception {
        var r = echo("/strict/echo", "application/json; charset=utf-8", "{\"id\":7}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"id\":7}");
        var text = echo("/strict/echo", "text/plain", "hello", "X-Echo-Framing", "chunked");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.body()).isEqualTo("hello");
    }

    @Test
    void aContentTypeNotListedIsRejectedWith502() throws Exception {
        var r = echo("/strict/echo", "application/octet-stream", "secret-bytes");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("X-Portcullis-Error")).hasValue("response_rejected");
        assertThat(r.body()).contains("'application/octet-stream' is not in contentTypes").doesNotContain("secret-bytes");
    }

    @Test
    void aResponseOverMaxResponseBodyIsRejectedWholeAlsoWhenChunked() throws Exception {
        String big = "{\"pad\":\"" + "x".repeat(5000) + "\"}";
        for (String framing : new String[] {"length", "chunked"}) {
            var r = echo("/strict/echo", "application/json", big, "X-Echo-Framing", framing);
            assertThat(r.statusCode()).as(framing).isEqualTo(502);
            assertThat(r.body()).contains("larger than 4096 bytes (maxResponseBody)").doesNotContain("xxxx");
        }
    }

    @Test
    void sensitiveDataInTheResponseIsRejectedAndRecorded() throws Exception {
        var r = echo("/strict/echo", "application/json", CARD_JSON);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("credit-card at body:$.card", "aws-access-key at body:$.key").doesNotContain("5500");
        JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("error").asText()).isEqualTo("response_rejected");
        assertThat(a.path("policy").asText()).isEqualTo("inspect");
        assertThat(a.path("dlp").toString()).contains("{\"detector\":\"credit-card\",\"location\":\"body:$.card\",\"count\":1,"
                + "\"action\":\"block\",\"direction\":\"response\"}");
    }

    @Test
    void redactionInTheResponseKeepsTheLastDigits() throws Exception {
        var r = echo("/masked/echo", "application/json", CARD_JSON, "X-Echo-Framing", "chunked");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode got = new ObjectMapper().readTree(r.body());
        assertThat(got.path("card").asText()).isEqualTo("***************0004");
        assertThat(got.path("key").asText()).as("only the listed detectors run").isEqualTo("AKIAIOSFODNN7EXAMPLE");
    }
}
