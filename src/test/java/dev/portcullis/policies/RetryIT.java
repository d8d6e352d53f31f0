package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** retry through the real gateway: statuses, connect failures, Retry-After, methods and the budget. */
class RetryIT {
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: api, prefix: /api, upstream: "http://127.0.0.1:%1$d", policies: [retry3] }
                  - { name: down, prefix: /down, upstream: "http://127.0.0.1:1", policies: [retry3] }
                  - { name: stingy, prefix: /stingy, upstream: "http://127.0.0.1:%1$d", policies: [no-budget] }
                policies:
                  - { name: retry3, type: retry, attempts: 3, backoff: 20ms, maxBackoff: 2s, on: [connect-failure, 429, 503] }
                  - { name: no-budget, type: retry, attempts: 3, on: [503], budget: { ratio: 0, minPerSecond: 0 } }
                """.formatted(up.port()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static long count(String path) {
        return up.received.stream().filter(r -> r.uri().getPath().equals(path)).count();
    }

    @Test
    void aFlakyUpstreamIsRetriedUntilItAnswers() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/api/flaky/2/503/a")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("recovered after 2");
        assertThat(count("/flaky/2/503/a")).isEqualTo(3);
        assertThat(gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow()).path("attempts").asInt()).isEqualTo(3);
        var tooFlaky = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/api/flaky/5/503/b")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooFlaky.statusCode()).as("three attempts, then the upstream's own answer").isEqualTo(503);
        assertThat(count("/flaky/5/503/b")).isEqualTo(3);
    }

    @Test
    void nonIdempotentMethodsAreNotRetried() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/api/flaky/1/503/post"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(count("/flaky/1/503/post")).isEqualTo(1);
    }

    @Test
    void connectFailuresAreRetriedAndTheLastFailureAnswers() throws Exception {
        int dials = gw.dialed.size();
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/down/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(gw.dialed.size() - dials).isEqualTo(3);
        assertThat(gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow()).path("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void retryAfterFromTheUpstreamIsHonoured() throws Exception {
        long start = System.nanoTime();
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/api/flaky/1/429/c")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(950);
    }

    @Test
    void anExhaustedBudgetStopsRetries() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/stingy/flaky/1/503/d")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(count("/flaky/1/503/d")).isEqualTo(1);
    }
}
