package dev.portcullis.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the audit sink stalls, the gateway stops taking new requests instead of dropping records. */
class AuditBackpressureIT {
    /** An output stream whose writes wait until the gate opens. */
    static final class Gate extends FilterOutputStream {
        final CountDownLatch open = new CountDownLatch(1);

        Gate(OutputStream out) { super(out); }

        private void await() throws IOException {
            try {
                open.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            await();
            out.write(b, off, len);
        }

        @Override public void write(int b) throws IOException {
            await();
            out.write(b);
        }
    }

    @Test
    void aStalledSinkPausesNewRequestsAndLosesNothing() throws Exception {
        Gate[] gate = new Gate[1];
        try (TestUpstream up = TestUpstream.http();
                TestGateway gw = TestGateway.start("""
                        network: { allowNetworks: [127.0.0.1/32] }
                        routes:
                          - { name: r, prefix: /r, upstream: "http://127.0.0.1:%d" }
                        audit: { maxPending: 2 }
                        """.formatted(up.port()), Map.of(), Map.of(),
                        out -> gate[0] = new Gate(out))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 1; i <= 4; i++) {
                var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/r/" + i)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            // the writer holds record 1 at the closed gate; 2, 3 and 4 wait in the queue: more than maxPending
            var fifth = http.sendAsync(HttpRequest.newBuilder(URI.create(gw.base() + "/r/5")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            assertThat(fifth).as("a new request waits while the audit log is backed up").isNotDone();
            assertThat(up.received).hasSize(4);
            gate[0].open.countDown();
            assertThat(fifth.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(gw.awaitAuditCount(5)).hasSize(5)
                    .extracting(n -> n.path("url").asText()).allSatisfy(u -> assertThat(u).startsWith("http://127.0.0.1:"));
        }
    }
}
