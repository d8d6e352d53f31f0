package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** rate-limit through the real gateway: 429 with Retry-After and RateLimit headers, per-key buckets, report mode. */
class RateLimitIT {
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                clients:
                  - { name: a, match: { header: { X-Client: a } } }
                  - { name: b, match: { header: { X-Client: b } } }
                routes:
                  - { name: limited, prefix: /limited, upstream: "http://127.0.0.1:%1$d", policies: [five-per-minute] }
                  - { name: trial, prefix: /trial, upstream: "http://127.0.0.1:%1$d", policies: [one-per-minute-report] }
                policies:
                  - { name: five-per-minute, type: rate-limit, limit: 5, per: 1m, key: client }
                  - { name: one-per-minute-report, type: rate-limit, limit: 1, per: 1m, key: [client, route], mode: report }
                """.formatted(up.port()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static HttpResponse<String> get(String path, String client) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gw.base() + path)).header("X-Client", client).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSixthCallInAMinuteIsRefusedWithRetryAfterAndRateLimitHeaders() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/limited/x", "a").statusCode()).as("call " + i).isEqualTo(200);
        }
        int upstreamBefore = up.received.size();
        var refused = get("/limited/x", "a");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("X-Portcullis-Error")).hasValue("rate_limited");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 12L);
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"five-per-minute\";q=5;w=60");
        assertThat(refused.headers().firstValue("RateLimit")).hasValue("\"five-per-minute\";r=0;t=" + retryAfter);
        assertThat(refused.body()).contains("rate limit of 5 per 60s reached for client a");
        assertThat(up.received.size()).isEqualTo(upstreamBefore);
        JsonNode a = gw.awaitAudit(refused.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("error").asText()).isEqualTo("rate_limited");
        assertThat(a.path("policy").asText()).isEqualTo("five-per-minute");
        assertThat(get("/limited/x", "b").statusCode()).as("another client has its own bucket").isEqualTo(200);
    }

    @Test
    void inReportModeOverLimitCallsPassAndAreRecorded() throws Exception {
        assertThat(get("/trial/1", "a").statusCode()).isEqualTo(200);
        var over = get("/trial/2", "a");
        assertThat(over.statusCode()).isEqualTo(200);
        assertThat(gw.awaitAudit(over.headers().firstValue("X-Request-Id").orElseThrow()).path("reported").toString())
                .contains("{\"policy\":\"one-per-minute-report\",\"error\":\"rate_limited\"}");
    }
}
