package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A ${file:..} secret rotated on disk (written aside, then moved over, as tools do) is used without a restart. */
class SecretRotationIT {
    @Test
    void aRotatedSecretFileIsPickedUpWithoutARestart() throws Exception {
        Path secrets = Files.createTempDirectory("secrets");
        Path key = secrets.resolve("partner-key");
        Files.writeString(key, "first-value\n");
        try (TestUpstream up = TestUpstream.http();
                TestGateway gw = TestGateway.start("""
                        network: { allowNetworks: [127.0.0.1/32] }
                        routes:
                          - { name: r, prefix: /r, upstream: "http://127.0.0.1:%d", policies: [key] }
                        policies:
                          - { name: key, type: api-key, in: header, field: X-Key, value: "${file:%s}" }
                        """.formatted(up.port(), key), Map.of(), Map.of())) {
            HttpClient http = HttpClient.newHttpClient();
            http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/r/1")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(up.last().header("x-key")).isEqualTo("first-value");

            Path staged = secrets.resolve(".partner-key.tmp");
            Files.writeString(staged, "second-value\n");
            Files.move(staged, key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            long deadline = System.nanoTime() + 10_000_000_000L;
            String seen = null;
            while (System.nanoTime() < deadline && !"second-value".equals(seen)) {
                var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/r/poll")).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).as("calls keep working while the secret rotates").isEqualTo(200);
                seen = up.last().header("x-key");
                Thread.sleep(50);
            }
            assertThat(seen).isEqualTo("second-value");
            assertThat(Files.readString(gw.auditFile)).doesNotContain("first-value").doesNotContain("second-value");
        }
    }
}
