package dev.portcullis.upstream;

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
import org.junit.jupiter.api.Test;

/**
 * A burst's upstream connections serve the next burst: 150 calls at once, twice, open 150 connections,
 * not 150 and then some again (the pool once kept only 64 per upstream and event loop: with the calls
 * split over two loops, 22 were closed as their calls ended and dialed anew for the next burst). 150:
 * the JDK's test server itself keeps at most 200 idle connections.
 */
class ConnectionReuseIT {
    static final int CALLS = 150;

    @Test
    void concurrentCallsReuseTheConnectionsOfTheBurstBefore() throws Exception {
        try (TestUpstream up = TestUpstream.http();
             TestGateway gw = TestGateway.start("""
                     network: { allowNetworks: [127.0.0.1/32] }
                     routes:
                       - { name: r, prefix: /r, upstream: "http://127.0.0.1:%d" }
                     """.formatted(up.port()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int wave = 0; wave < 2; wave++) {
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) { // the upstream holds each for 300 ms: all are in flight at once
                    calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(gw.base() + "/r/sleep/300")).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (var c : calls) {
                    assertThat(c.get().statusCode()).isEqualTo(200);
                }
            }
            assertThat(up.received).hasSize(2 * CALLS);
            assertThat(up.remotePorts.size()).as("upstream connections for two bursts of %d calls", CALLS)
                    .isBetween(CALLS / 2, CALLS + CALLS / 20);
        }
    }
}
