package dev.portcullis.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The dashboard as a person sees it: headless Chromium loads the page, its script fetches the events. */
class DashboardIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void showsRecentCallsWithDenialsHighlighted() throws Exception {
        if (System.getenv("CI") != null) {
            assertThat(CHROMIUM).as(".ci/run installs chromium").isExecutable();
        }
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        try (TestUpstream up = TestUpstream.http();
                TestGateway gw = TestGateway.start("""
                        network: { allowNetworks: [127.0.0.1/32] }
                        routes:
                          - { name: shop, prefix: /shop, upstream: "http://127.0.0.1:%d" }
                        """.formatted(up.port()))) {
            HttpClient http = HttpClient.newHttpClient();
            http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/shop/cart")).build(), HttpResponse.BodyHandlers.discarding());
            var denied = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/elsewhere")).build(), HttpResponse.BodyHandlers.discarding());
            gw.awaitAudit(denied.headers().firstValue("X-Request-Id").orElseThrow());

            Path profile = Files.createTempDirectory("chromium");
            Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", gw.admin() + "/"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(dom).contains("2 recent calls").contains("1 allowed").contains("1 denied");
            assertThat(dom).contains("<tr class=\"allow\">").contains("http://127.0.0.1:" + up.port() + "/cart");
            assertThat(dom).contains("<tr class=\"deny\">").contains("no_route");
        }
    }
}
