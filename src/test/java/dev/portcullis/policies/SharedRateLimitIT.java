package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Three gateways share one limit through a real redis-server; Redis goes away and comes back. */
class SharedRateLimitIT {
    static final Path REDIS = Path.of("/usr/bin/redis-server");

    static Process redis(int port) throws Exception {
        Process p = new ProcessBuilder(REDIS.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] b = new byte[7];
                InputStream in = s.getInputStream();
                if (in.read(b) > 0 && new String(b, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return p;
                }
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not start on " + port);
    }

    /** What a test does with a redis-server and three gateways sharing it. */
    interface Cluster {
        void run(Process[] redis, int port, List<TestGateway> gateways) throws Exception;
    }

    /** Starts redis-server on a free port and three gateways on the YAML (%1$d: redis port, %2$d: upstream port). */
    static void withCluster(String yaml, Cluster test) throws Exception {
        if (System.getenv("CI") != null) {
            assertThat(REDIS).as(".ci/run installs redis-server").isExecutable();
        }
        assumeTrue(Files.isExecutable(REDIS), "redis-server is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process[] redis = {redis(port)};
        List<TestGateway> gws = new ArrayList<>();
        try (TestUpstream up = TestUpstream.http()) {
            for (int i = 0; i < 3; i++) {
                gws.add(TestGateway.start(yaml.formatted(port, up.port())));
            }
            test.run(redis, port, gws);
        } finally {
            for (TestGateway g : gws) {
                g.close();
            }
            redis[0].destroyForcibly();
        }
    }

    /** Hits each gateway from its own thread for the given time; returns {allowed, refused, slowest ms}. */
    static long[] load(List<TestGateway> gws, long millis) throws Exception {
        AtomicLong allowed = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong slowest = new AtomicLong();
        long end = System.nanoTime() + millis * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (TestGateway gw : gws) {
            threads.add(Thread.ofPlatform().start(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                var req = HttpRequest.newBuilder(URI.create(gw.base() + "/api/x")).build();
                for (int i = 0; i < 100_000 && System.nanoTime() < end; i++) {
                    long t0 = System.nanoTime();
                    try {
                        int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 200 ? allowed : refused).incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                    slowest.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new long[] {allowed.get(), refused.get(), slowest.get()};
    }

    @Test
    void aSharedQuotaIsExactAcrossInstances() throws Exception {
        withCluster("""
                network: { allowNetworks: [127.0.0.1/32] }
                store: { redis: "redis://127.0.0.1:%1$d", timeout: 200ms }
                routes:
                  - { name: api, prefix: /api, upstream: "http://127.0.0.1:%2$d", policies: [daily] }
                policies:
                  - { name: daily, type: quota, limit: 40, period: day, key: route, shared: true }
                """, (redis, port, gws) -> {
            long[] r = load(gws, 1000);
            assertThat(r[0]).as("allowed by the whole cluster").isEqualTo(40);
            assertThat(r[1]).isPositive();
            String quotas = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gws.get(2).admin() + "/api/v1/quotas"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(quotas).contains("\"used\":40");
        });
    }

    @Test
    void aSharedLimitHoldsAcrossThreeInstancesAndSurvivesARedisOutage() throws Exception {
        withCluster("""
                network: { allowNetworks: [127.0.0.1/32] }
                store: { redis: "redis://127.0.0.1:%1$d", timeout: 100ms }
                routes:
                  - { name: api, prefix: /api, upstream: "http://127.0.0.1:%2$d", policies: [shared-limit] }
                policies:
                  - { name: shared-limit, type: rate-limit, limit: 100, per: 1s, burst: 10, key: route, shared: true }
                """, (redis, port, gws) -> {
            load(gws, 300); // warm-up: connections, JIT
            Thread.sleep(1100);
            long start = System.nanoTime();
            long[] r = load(gws, 3000);
            double seconds = (System.nanoTime() - start) / 1e9;
            double expected = 100 * seconds + 10; // the bound: burst + W x rate
            assertThat(r[1]).as("the load was well over the limit").isGreaterThan(r[0]);
            assertThat((double) r[0]).as("allowed across three instances in %.2fs", seconds).isBetween(expected * 0.95, expected * 1.05);

            redis[0].destroyForcibly().waitFor();
            long[] down = load(gws, 1000);
            assertThat(down[0]).as("each instance enforces locally: at most ~3 x 100/s").isBetween(1L, 3L * 100 + 30);
            assertThat(down[2]).as("no call waits long on a dead store").isLessThan(1000);
            assertThat(gws.get(0).audit()).anyMatch(n -> n.path("storeFailure").asBoolean());

            redis[0] = redis(port);
            long deadline = System.nanoTime() + 15_000_000_000L;
            boolean shared = false;
            while (!shared && System.nanoTime() < deadline) {
                int before = gws.get(1).audit().size();
                load(List.of(gws.get(1)), 200);
                var recent = gws.get(1).awaitAuditCount(before + 1);
                shared = !recent.getLast().path("storeFailure").asBoolean();
            }
            assertThat(shared).as("shared limiting resumes once Redis is back").isTrue();
        });
    }
}
