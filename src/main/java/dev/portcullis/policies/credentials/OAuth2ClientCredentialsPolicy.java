package dev.portcullis.policies.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.Secret;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YNode;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * oauth2-client-credentials: gets an access token from the identity provider (RFC 6749 §4.4) and sends
 * it as {@code Authorization: Bearer <token>}. The token is cached until expires_in minus a skew and
 * refreshed in the background once 80% of its life is over; one token request is in flight at a time
 * however many calls wait for it. The token endpoint is called through the gateway's own connector (SSRF
 * guard, TLS rules), never on the calling event loop.
 */
public final class OAuth2ClientCredentialsPolicy implements Policy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SKEW = Duration.ofSeconds(30);

    /** A token and when to stop using it / start refreshing it (epoch millis). */
    record Token(String value, long useUntil, long refreshAfter) {}

    private final Spec spec;
    private final PolicyContext context;
    private volatile Token cached;
    private CompletableFuture<Token> inFlight; // guarded by this

    OAuth2ClientCredentialsPolicy(Spec spec, PolicyContext context) {
        this.spec = spec;
        this.context = context;
    }

    @Override public String type() { return "oauth2-client-credentials"; }

    @Override public boolean injectsCredentials() { return true; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        if (!spec.override() && call.headers().contains("Authorization")) {
            return Verdict.PROCEED;
        }
        if (context.offline()) { // explain: show the header it would set, fetch nothing
            call.headers().set("Authorization", "Bearer <token from " + spec.tokenUrl() + ">");
            return Verdict.PROCEED;
        }
        long now = context.clock().millis();
        Token t = cached;
        if (t != null && now < t.useUntil()) {
            if (now >= t.refreshAfter()) {
                fetch(); // ahead of expiry, in the background; this call uses the current token
            }
            call.headers().set("Authorization", "Bearer " + t.value());
            return Verdict.PROCEED;
        }
        return fetch().handle((token, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                return new Verdict.Deny(ErrorCode.UPSTREAM_UNAVAILABLE, "token endpoint " + spec.tokenUrl() + " failed: "
                        + cause.getMessage());
            }
            call.headers().set("Authorization", "Bearer " + token.value());
            return Verdict.CONTINUE;
        });
    }

    /** A 401 to the token this policy sent: that token is dropped, and the call is tried once more with a new one. */
    @Override
    public CompletionStage<Verdict> onResponse(dev.portcullis.policy.ResponseView response) {
        Token t = cached;
        if (response.status() == 401 && t != null && response.request().attempt() == 1
                && ("Bearer " + t.value()).equals(response.request().headers().get("Authorization"))) {
            synchronized (this) {
                if (cached == t) {
                    cached = null;
                }
            }
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new Verdict.Retry("the upstream refused the cached token (401)"));
        }
        return Verdict.PROCEED;
    }

    /** The token request in flight, or a new one: single flight. */
    private synchronized CompletableFuture<Token> fetch() {
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<Token> f = context.postForm(spec.tokenUrl(), authHeaders(), form(), spec.caFile(), spec.allowNetworks(),
                spec.timeout()).thenApply(this::parse);
        inFlight = f;
        f.whenComplete((token, error) -> {
            synchronized (this) {
                inFlight = null;
            }
            if (token != null) {
                cached = token;
            }
        });
        return f;
    }

    private Map<String, String> authHeaders() {
        if (spec.clientAuth() != ClientAuth.BASIC) {
            return Map.of();
        }
        String pair = encode(spec.clientId()) + ":" + encode(spec.clientSecret().reveal()); // RFC 6749 §2.3.1
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    String form() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "client_credentials");
        if (!spec.scopes().isEmpty()) {
            f.put("scope", String.join(" ", spec.scopes()));
        }
        if (spec.audience() != null) {
            f.put("audience", spec.audience());
        }
        f.putAll(spec.extraParameters());
        if (spec.clientAuth() == ClientAuth.POST) {
            f.put("client_id", spec.clientId());
            f.put("client_secret", spec.clientSecret().reveal());
        }
        List<String> parts = new ArrayList<>();
        f.forEach((k, v) -> parts.add(encode(k) + "=" + encode(v)));
        return String.join("&", parts);
    }

    private Token parse(PolicyContext.Reply reply) {
        JsonNode body;
        try {
            body = JSON.readTree(reply.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("answered " + reply.status() + " with a body that is not JSON");
        }
        if (reply.status() != 200) {
            String err = body.path("error").asText("");
            throw new IllegalStateException("answered " + reply.status() + (err.isEmpty() ? "" : " (" + err + ")")
                    + "; check the policy's clientId, clientSecret and scopes");
        }
        String token = body.path("access_token").asText("");
        if (token.isEmpty() || !body.path("token_type").asText("bearer").equalsIgnoreCase("bearer")) {
            throw new IllegalStateException("answered 200 without a bearer access_token");
        }
        long now = context.clock().millis();
        long lifetime = body.path("expires_in").asLong(3600) * 1000;
        long useUntil = now + Math.max(0, lifetime - SKEW.toMillis());
        return new Token(token, useUntil, now + lifetime * 8 / 10);
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    public enum ClientAuth { BASIC, POST }

    public record Spec(URI tokenUrl, String clientId, Secret clientSecret, List<String> scopes, String audience,
            Map<String, String> extraParameters, ClientAuth clientAuth, Path caFile, List<String> allowNetworks,
            Duration timeout, boolean override) implements PolicySpec {
        @Override public Policy create(String name, PolicyContext context) { return new OAuth2ClientCredentialsPolicy(this, context); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() {
            return Set.of("tokenUrl", "clientId", "clientSecret", "scopes", "audience", "parameters", "clientAuth", "tls",
                    "allowNetworks", "timeout", "override");
        }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            String url = o.required("tokenUrl");
            URI tokenUrl = null;
            if (url != null) {
                try {
                    tokenUrl = new URI(url);
                    if (tokenUrl.getHost() == null || !Set.of("http", "https").contains(String.valueOf(tokenUrl.getScheme()))) {
                        throw new java.net.URISyntaxException(url, "needs http(s)://host");
                    }
                } catch (java.net.URISyntaxException e) {
                    o.get("tokenUrl").problem("tokenUrl must be an http(s) URL, e.g. https://idp.example.com/oauth2/token");
                    tokenUrl = null;
                }
            }
            String clientId = o.required("clientId");
            Secret secret = Credentials.secret(o, "clientSecret", secrets);
            Map<String, String> params = new LinkedHashMap<>();
            YNode p = o.get("parameters");
            if (p != null && p.entries() != null) {
                p.entries().forEach((k, v) -> {
                    if (k.text() != null && v.text() != null) {
                        params.put(k.text(), v.text());
                    }
                });
            }
            YObject tls = o.object("tls", Set.of("caFile"));
            Path ca = tls == null ? null : dev.portcullis.config.ConfigLoader.readableFile(tls, "caFile", false);
            return tokenUrl == null || clientId == null || secret == null ? null
                    : new Spec(tokenUrl, clientId, secret, o.strings("scopes"), o.string("audience", null), Map.copyOf(params),
                            o.enumValue("clientAuth", ClientAuth.class, ClientAuth.BASIC), ca, o.strings("allowNetworks"),
                            o.duration("timeout", Duration.ofSeconds(10)), o.bool("override", true));
        }
    };
}
