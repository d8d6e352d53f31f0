package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.explain.Explainer;
import dev.portcullis.explain.Explanation;
import dev.portcullis.pipeline.RuntimeCompiler;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** basic-auth and api-key through the real gateway: what the upstream gets, and that no secret shows anywhere. */
class CredentialsIT {
    static final Map<String, String> ENV = Map.of("PARTNER_PW", "pw-Secret-91", "MAPS_KEY", "key/with spaces+plus", "HDR_KEY", "hk-Secret-42");
    static final String ROUTES = """
            network: { allowNetworks: [127.0.0.1/32] }
            routes:
              - { name: basic, prefix: /basic, upstream: "http://127.0.0.1:%1$d", policies: [partner-basic] }
              - { name: basic-keep, prefix: /basic-keep, upstream: "http://127.0.0.1:%1$d", policies: [partner-basic-keep] }
              - { name: query, prefix: /query, upstream: "http://127.0.0.1:%1$d", policies: [maps-key] }
              - { name: header, prefix: /header, upstream: "http://127.0.0.1:%1$d", policies: [header-key] }
            policies:
              - { name: partner-basic, type: basic-auth, username: svc, password: "${env:PARTNER_PW}" }
              - { name: partner-basic-keep, type: basic-auth, username: svc, password: "${env:PARTNER_PW}", override: false }
              - { name: maps-key, type: api-key, in: query, field: key, value: "${env:MAPS_KEY}" }
              - { name: header-key, type: api-key, in: header, field: X-Api-Key, value: "${env:HDR_KEY}", override: false }
            """;
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start(ROUTES.formatted(up.port()), Map.of(), ENV);
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(gw.base() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAuthReplacesOrKeepsTheApplicationsCredentials() throws Exception {
        var r = get("/basic/a", "Authorization", "Bearer app-token");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(up.last().header("authorization")).isEqualTo(basic("svc", "pw-Secret-91"));
        JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("credentials").toString()).isEqualTo("[\"partner-basic\"]");
        get("/basic-keep/b", "Authorization", "Bearer app-token");
        assertThat(up.last().header("authorization")).isEqualTo("Bearer app-token");
        get("/basic-keep/c");
        assertThat(up.last().header("authorization")).isEqualTo(basic("svc", "pw-Secret-91"));
    }

    @Test
    void apiKeysGoInTheQueryOrAHeader() throws Exception {
        var r = get("/query/geo?q=x&key=app-own&z=1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(up.last().uri().getRawQuery()).isEqualTo("q=x&z=1&key=key%2Fwith%20spaces%2Bplus");
        assertThat(up.last().uri().getQuery()).contains("key=key/with spaces+plus");
        JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("url").asText()).as("the audit URL is the caller's, without the injected key")
                .isEqualTo("http://127.0.0.1:" + up.port() + "/geo?q=x&key=app-own&z=1");
        get("/header/h", "X-Api-Key", "app-key");
        assertThat(up.last().header("x-api-key")).isEqualTo("app-key");
        get("/header/h2");
        assertThat(up.last().header("x-api-key")).isEqualTo("hk-Secret-42");
    }

    @Test
    void noSecretValueShowsInAuditAdminApiOrExplain() throws Exception {
        get("/basic/s", "Authorization", "Bearer app-token");
        get("/query/s?key=1");
        get("/header/s");
        gw.awaitAuditCount(3);
        String audit = Files.readString(gw.auditFile);
        String config = http.send(HttpRequest.newBuilder(URI.create(gw.admin() + "/api/v1/config")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String events = http.send(HttpRequest.newBuilder(URI.create(gw.admin() + "/api/v1/events?limit=100")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var runtime = RuntimeCompiler.compile("t", new ConfigLoader(new SecretResolver(ENV::get))
                .parse("t", "version: 1\n" + ROUTES.formatted(up.port())));
        StringBuilder explained = new StringBuilder();
        for (String target : List.of("/basic/x", "/query/x?key=1", "/header/x")) {
            Explanation e = new Explainer(runtime, null).explain(new Explainer.Call("GET", target, null,
                    InetAddress.getLoopbackAddress(), Map.of(), null));
            explained.append(e);
        }
        assertThat(explained.toString()).contains("Authorization: ***").contains("query: ***").contains("X-Api-Key: ***");
        String encodedBasic = basic("svc", "pw-Secret-91").substring(6);
        for (String where : List.of(audit, config, events, explained.toString())) {
            for (String secret : List.of("pw-Secret-91", "hk-Secret-42", "key/with spaces+plus", "key%2Fwith", encodedBasic)) {
                assertThat(where).doesNotContain(secret);
            }
        }
    }
}
