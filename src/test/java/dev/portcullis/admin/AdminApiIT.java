package dev.portcullis.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The admin API on a real gateway: health, metrics, config with secrets masked, events, reload, token. */
class AdminApiIT {
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start(routes("a"), Map.of(), Map.of("ADMIN", "adm-tok-9", "KEY", "very-secret-key"));
    }

    static String routes(String name) {
        return """
                admin: { address: 127.0.0.1:0, token: "${env:ADMIN}" }
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: %s, prefix: /a, upstream: "http://127.0.0.1:%d", policies: [auth] }
                policies:
                  - { name: auth, type: set-headers, set: { Authorization: "Bearer ${env:KEY}" } }
                """.formatted(name, up.port());
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static HttpResponse<String> admin(String method, String path, boolean withToken) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(gw.admin() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (withToken) {
            b.header("Authorization", "Bearer adm-tok-9");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndReadinessNeedNoToken() throws Exception {
        assertThat(admin("GET", "/healthz", false).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/readyz", false).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/metrics", false).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/api/v1/config", false).statusCode()).isEqualTo(401);
    }

    @Test
    void configIsShownWithSecretsMasked() throws Exception {
        var r = admin("GET", "/api/v1/config", true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("very-secret-key").doesNotContain("adm-tok-9").contains("***");
        JsonNode c = json.readTree(r.body());
        assertThat(c.path("policies").get(0).path("spec").path("set").path("Authorization").asText()).isEqualTo("***");
    }

    @Test
    void eventsAndMetricsReflectCalls() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/a/x")).build(), HttpResponse.BodyHandlers.ofString());
        var denied = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/nowhere")).build(), HttpResponse.BodyHandlers.ofString());
        String deniedId = denied.headers().firstValue("X-Request-Id").orElseThrow();
        gw.awaitAudit(deniedId);
        JsonNode events = json.readTree(admin("GET", "/api/v1/events?limit=5&decision=deny", true).body()).path("events");
        assertThat(events.size()).isBetween(1, 5);
        assertThat(events.get(0).path("requestId").asText()).isEqualTo(deniedId);
        events.forEach(e -> assertThat(e.path("decision").asText()).isEqualTo("deny"));
        JsonNode byRoute = json.readTree(admin("GET", "/api/v1/events?route=a", true).body()).path("events");
        byRoute.forEach(e -> assertThat(e.path("route").asText()).isEqualTo("a"));
        assertThat(byRoute.size()).isPositive();
        String metrics = admin("GET", "/metrics", true).body();
        assertThat(metrics).contains("portcullis_requests_total{").contains("error=\"no_route\"")
                .contains("portcullis_request_duration_seconds_bucket");
        assertThat(admin("GET", "/", true).body()).contains("<title>Portcullis");
    }

    @Test
    void reloadSwapsTheConfigAndRefusesAnInvalidOne() throws Exception {
        gw.rewriteConfig(routes("renamed"));
        var ok = admin("POST", "/api/v1/reload", true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"status\":\"reloaded\"}");
        var call = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/a/y")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gw.awaitAudit(call.headers().firstValue("X-Request-Id").orElseThrow()).path("route").asText()).isEqualTo("renamed");

        gw.rewriteConfig(routes("renamed") + "bogus: true\n");
        var bad = admin("POST", "/api/v1/reload", true);
        assertThat(bad.statusCode()).isEqualTo(422);
        JsonNode body = json.readTree(bad.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_config");
        assertThat(body.path("problems").get(0).path("message").asText()).contains("unknown key 'bogus'");
        assertThat(body.path("problems").get(0).path("line").asInt()).isPositive();
        var still = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/a/z")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(still.statusCode()).as("the old config keeps serving").isEqualTo(200);
        gw.rewriteConfig(routes("a"));
        assertThat(admin("POST", "/api/v1/reload", true).statusCode()).isEqualTo(200);
    }
}
