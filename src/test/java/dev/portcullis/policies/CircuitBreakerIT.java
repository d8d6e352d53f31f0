package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The circuit opens on failures, answers 503 circuit_open without touching the upstream, and closes after a good probe. */
class CircuitBreakerIT {
    @Test
    void opensAnswersFastAndRecovers() throws Exception {
        try (TestUpstream up = TestUpstream.http();
                TestGateway gw = TestGateway.start("""
                        network: { allowNetworks: [127.0.0.1/32] }
                        routes:
                          - { name: r, prefix: /r, upstream: "http://127.0.0.1:%d", policies: [breaker] }
                        policies:
                          - { name: breaker, type: circuit-breaker, window: 4, minCalls: 4, failureRate: 50, openFor: 700ms, halfOpenProbes: 1 }
                        """.formatted(up.port()))) {
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 4; i++) {
                assertThat(get(http, gw, "/r/status/503").statusCode()).isEqualTo(503);
            }
            int seen = up.received.size();
            var open = get(http, gw, "/r/anything");
            assertThat(open.statusCode()).isEqualTo(503);
            assertThat(open.headers().firstValue("X-Portcullis-Error")).hasValue("circuit_open");
            assertThat(open.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(open.body()).contains("the circuit to 127.0.0.1:" + up.port() + " is open");
            assertThat(up.received.size()).as("nothing reached the upstream").isEqualTo(seen);
            assertThat(gw.awaitAudit(open.headers().firstValue("X-Request-Id").orElseThrow()).path("decision").asText()).isEqualTo("error");
            Thread.sleep(800);
            assertThat(get(http, gw, "/r/probe").statusCode()).as("the half-open probe").isEqualTo(200);
            assertThat(get(http, gw, "/r/after").statusCode()).as("closed again").isEqualTo(200);
            String metrics = http.send(HttpRequest.newBuilder(URI.create(gw.admin() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("portcullis_policy_events_total{").contains("event=\"open\"").contains("event=\"closed\"");
        }
    }

    static HttpResponse<String> get(HttpClient http, TestGateway gw, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gw.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
