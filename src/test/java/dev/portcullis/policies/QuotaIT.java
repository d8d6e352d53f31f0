package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** quota through the real gateway: 429 quota_exceeded, and usage in the admin API and the metrics. */
class QuotaIT {
    @Test
    void theBudgetRunsOutAndUsageIsVisible() throws Exception {
        try (TestUpstream up = TestUpstream.http();
                TestGateway gw = TestGateway.start("""
                        network: { allowNetworks: [127.0.0.1/32] }
                        routes:
                          - { name: paid-api, prefix: /paid, upstream: "http://127.0.0.1:%d", policies: [monthly] }
                        policies:
                          - { name: monthly, type: quota, limit: 2, period: month, key: route, timezone: Europe/Berlin }
                        """.formatted(up.port()))) {
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 2; i++) {
                assertThat(get(http, gw.base() + "/paid/x").statusCode()).isEqualTo(200);
            }
            var over = get(http, gw.base() + "/paid/x");
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.headers().firstValue("X-Portcullis-Error")).hasValue("quota_exceeded");
            assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            var quotas = new ObjectMapper().readTree(get(http, gw.admin() + "/api/v1/quotas").body()).path("quotas");
            assertThat(quotas).hasSize(1);
            assertThat(quotas.get(0).path("policy").asText()).isEqualTo("monthly");
            assertThat(quotas.get(0).path("key").asText()).isEqualTo("paid-api");
            assertThat(quotas.get(0).path("used").asLong()).isEqualTo(2);
            assertThat(quotas.get(0).path("limit").asLong()).isEqualTo(2);
            assertThat(get(http, gw.admin() + "/metrics").body())
                    .containsPattern("portcullis_quota_used\\{[^}]*key=\"paid-api\"[^}]*policy=\"monthly\"[^}]*\\} 2\\.0");
        }
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
