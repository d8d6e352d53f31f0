package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spike control: calls in flight per key, the wait queue, and slots given back whatever way a call ends. */
class ConcurrencyLimitIT {
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: two, prefix: /two, upstream: "http://127.0.0.1:%1$d", policies: [two-in-flight] }
                  - { name: queued, prefix: /queued, upstream: "http://127.0.0.1:%1$d", policies: [one-queued] }
                  - { name: impatient, prefix: /impatient, upstream: "http://127.0.0.1:%1$d", policies: [one-short-wait] }
                  - { name: down, prefix: /down, upstream: "http://127.0.0.1:1", policies: [one-down] }
                policies:
                  - { name: two-in-flight, type: concurrency-limit, max: 2, key: route }
                  - { name: one-queued, type: concurrency-limit, max: 1, key: route, maxQueue: 5, maxWait: 5s }
                  - { name: one-short-wait, type: concurrency-limit, max: 1, key: route, maxQueue: 5, maxWait: 100ms }
                  - { name: one-down, type: concurrency-limit, max: 1, key: route }
                """.formatted(up.port()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static List<HttpResponse<String>> concurrently(int n, String path) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gw.base() + path)).build(), HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(20); // in order, but all while the first ones are still in flight
        }
        List<HttpResponse<String>> out = new ArrayList<>();
        for (var c : calls) {
            out.add(c.get());
        }
        return out;
    }

    @Test
    void beyondTheLimitCallsAreRefusedWithoutAQueue() throws Exception {
        var rs = concurrently(4, "/two/sleep/600");
        assertThat(rs).extracting(HttpResponse::statusCode).containsExactly(200, 200, 429, 429);
        assertThat(rs.get(2).headers().firstValue("Retry-After")).hasValue("1");
        assertThat(rs.get(2).body()).contains("concurrency limit of 2 calls in flight");
        assertThat(concurrently(2, "/two/after").stream().map(HttpResponse::statusCode)).as("slots came back").containsOnly(200);
    }

    @Test
    void queuedCallsWaitTheirTurnOrTimeOut() throws Exception {
        long start = System.nanoTime();
        var rs = concurrently(3, "/queued/sleep/300");
        assertThat(rs).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200);
        assertThat((System.nanoTime() - start) / 1_000_000).as("one at a time").isGreaterThanOrEqualTo(850);
        var impatient = concurrently(3, "/impatient/sleep/500");
        assertThat(impatient).extracting(HttpResponse::statusCode).containsExactly(200, 429, 429);
        assertThat(impatient.get(1).body()).contains("waited 100ms");
    }

    @Test
    void failedCallsGiveTheirSlotBack() throws Exception {
        for (int i = 0; i < 5; i++) {
            var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/down/x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("attempt " + i + ": the upstream is down, not the slot taken").isEqualTo(502);
        }
    }
}
