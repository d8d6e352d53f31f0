package dev.portcullis.policies.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.config.Secret;
import dev.portcullis.policy.MutableHeaders;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import dev.portcullis.testing.TestTokenServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Expiry and refresh-ahead, with a clock the test moves; tokens come from a real token endpoint over HTTP. */
class OAuth2TokenCacheTest {
    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(java.time.ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }

        void advance(Duration d) { now = now.plus(d); }
    }

    /** Policy context over the JDK HttpClient (the gateway's own connector is covered by OAuth2ClientCredentialsIT). */
    static PolicyContext context(Clock clock) {
        HttpClient http = HttpClient.newHttpClient();
        return new PolicyContext() {
            @Override public Clock clock() { return clock; }

            @Override public CompletableFuture<Reply> postForm(URI url, Map<String, String> headers, String form, Path caFile,
                    List<String> allowNetworks, Duration timeout) {
                var b = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(form))
                        .header("Content-Type", "application/x-www-form-urlencoded");
                headers.forEach(b::header);
                return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                        .thenApply(r -> new Reply(r.statusCode(), Map.of(), r.body()));
            }
        };
    }

    static String call(OAuth2ClientCredentialsPolicy policy) throws Exception {
        Map<String, String> h = new HashMap<>();
        MutableHeaders headers = new MutableHeaders() {
            @Override public String get(String name) { return h.get(name.toLowerCase()); }

            @Override public List<String> getAll(String name) { return h.containsKey(name.toLowerCase()) ? List.of(get(name)) : List.of(); }

            @Override public boolean contains(String name) { return h.containsKey(name.toLowerCase()); }

            @Override public void set(String name, String value) { h.put(name.toLowerCase(), value); }

            @Override public void remove(String name) { h.remove(name.toLowerCase()); }

            @Override public java.util.Set<String> names() { return h.keySet(); }
        };
        RequestView view = new RequestView() {
            @Override public String method() { return "GET"; }

            @Override public String path() { return "/"; }

            @Override public String query() { return null; }

            @Override public String host() { return "api.test"; }

            @Override public int port() { return 443; }

            @Override public MutableHeaders headers() { return headers; }

            @Override public String client() { return "anonymous"; }

            @Override public String route() { return "r"; }
        };
        assertThat(policy.onRequest(view).toCompletableFuture().get()).isEqualTo(Verdict.CONTINUE);
        return h.get("authorization");
    }

    @Test
    void tokensAreReusedRefreshedAheadAndReplacedAfterExpiry() throws Exception {
        try (TestTokenServer idp = new TestTokenServer("app", "secret")) {
            idp.expiresIn = 100;
            MovableClock clock = new MovableClock();
            var spec = new OAuth2ClientCredentialsPolicy.Spec(URI.create(idp.url()), "app", Secret.literal("secret"), List.of(), null,
                    Map.of(), OAuth2ClientCredentialsPolicy.ClientAuth.BASIC, null, List.of(), Duration.ofSeconds(5), true);
            var policy = (OAuth2ClientCredentialsPolicy) spec.create("idp", context(clock));

            assertThat(call(policy)).isEqualTo("Bearer token-1");
            clock.advance(Duration.ofSeconds(50));
            assertThat(call(policy)).as("cached").isEqualTo("Bearer token-1");
            assertThat(idp.requests.get()).isEqualTo(1);

            // 81s: past the use-until (100s lifetime - 30s skew = 70s): a new token is fetched before the call goes on
            clock.advance(Duration.ofSeconds(31));
            assertThat(call(policy)).isEqualTo("Bearer token-2");
            assertThat(idp.requests.get()).isEqualTo(2);

            idp.expiresIn = 3600;
            clock.advance(Duration.ofSeconds(71)); // token-2 expired too
            assertThat(call(policy)).isEqualTo("Bearer token-3");
            clock.advance(Duration.ofSeconds(2900)); // 80.5% of 3600s: still valid, refreshed in the background
            assertThat(call(policy)).as("the current token serves while the refresh runs").isEqualTo("Bearer token-3");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (idp.requests.get() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(idp.requests.get()).isEqualTo(4);
            Thread.sleep(50);
            assertThat(call(policy)).isEqualTo("Bearer token-4");
            assertThat(idp.requests.get()).isEqualTo(4);
        }
    }

    @Test
    void theFormCarriesGrantScopesAudienceAndPostedCredentials() {
        var spec = new OAuth2ClientCredentialsPolicy.Spec(URI.create("https://idp/token"), "my app", Secret.literal("p&ss"),
                List.of("a", "b"), "https://api", Map.of("resource", "x"), OAuth2ClientCredentialsPolicy.ClientAuth.POST, null,
                List.of(), Duration.ofSeconds(5), true);
        String form = ((OAuth2ClientCredentialsPolicy) spec.create("x", PolicyContext.OFFLINE)).form();
        assertThat(form).isEqualTo("grant_type=client_credentials&scope=a+b&audience=https%3A%2F%2Fapi&resource=x"
                + "&client_id=my+app&client_secret=p%26ss");
        assertThat(new ArrayList<>(List.of(form.split("&")))).hasSize(6);
    }
}
