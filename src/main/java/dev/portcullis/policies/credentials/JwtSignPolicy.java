package dev.portcullis.policies.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.Secret;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YNode;
import dev.portcullis.config.YObject;
import dev.portcullis.policies.headers.HeaderNames;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * jwt-sign: mints a short-lived JWT (HS256, RS256 or ES256) and sends it upstream, in Authorization as
 * "Bearer <jwt>" or in another header as is. A token is reused until 10% of its lifetime is left.
 */
public final class JwtSignPolicy implements Policy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private record Token(String value, long refreshAfterMillis) {}

    private final Spec spec;
    private final JwtSigner signer;
    private final Clock clock;
    private final String encodedHeader;
    private volatile Token cached;

    JwtSignPolicy(Spec spec, Clock clock) {
        this.spec = spec;
        this.signer = JwtSigner.of(spec.algorithm(), spec.key().reveal());
        this.clock = clock;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", spec.algorithm().name());
        header.put("typ", "JWT");
        if (spec.keyId() != null) {
            header.put("kid", spec.keyId());
        }
        this.encodedHeader = B64.encodeToString(json(header));
    }

    @Override public String type() { return "jwt-sign"; }

    @Override public boolean injectsCredentials() { return true; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        if (spec.override() || !call.headers().contains(spec.header())) {
            String jwt = token();
            call.headers().set(spec.header(), spec.header().equalsIgnoreCase("Authorization") ? "Bearer " + jwt : jwt);
        }
        return Verdict.PROCEED;
    }

    /** The cached token, or a new one when the cached one is within 10% of its expiry. */
    String token() {
        long now = clock.millis();
        Token t = cached;
        if (t != null && now < t.refreshAfterMillis()) {
            return t.value();
        }
        long ttl = spec.ttl().toMillis();
        Map<String, Object> claims = new LinkedHashMap<>();
        put(claims, "iss", spec.issuer());
        put(claims, "sub", spec.subject());
        put(claims, "aud", spec.audience());
        claims.put("iat", now / 1000);
        claims.put("nbf", now / 1000);
        claims.put("exp", (now + ttl) / 1000);
        claims.put("jti", UUID.randomUUID().toString());
        claims.putAll(spec.claims());
        String signingInput = encodedHeader + "." + B64.encodeToString(json(claims));
        String jwt = signingInput + "." + B64.encodeToString(signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
        cached = new Token(jwt, now + ttl - ttl / 10);
        return jwt;
    }

    private static void put(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    private static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public enum Algorithm { HS256, RS256, ES256 }

    public record Spec(Algorithm algorithm, Secret key, String keyId, String issuer, String subject, String audience,
            Duration ttl, Map<String, Object> claims, String header, boolean override) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new JwtSignPolicy(this, context.clock()); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() {
            return Set.of("algorithm", "key", "keyId", "issuer", "subject", "audience", "ttl", "claims", "header", "override");
        }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            if (!o.has("algorithm")) {
                o.node().problem("missing required key 'algorithm': HS256, RS256 or ES256");
            }
            Algorithm alg = Algorithm.HS256;
            YNode a = o.get("algorithm");
            if (a != null && a.text() != null) {
                try {
                    alg = Algorithm.valueOf(a.text());
                } catch (IllegalArgumentException e) {
                    a.problem("unknown algorithm '" + a.text() + "'; use HS256, RS256 or ES256");
                }
            }
            Secret key = Credentials.secret(o, "key", secrets);
            if (key != null) {
                try {
                    JwtSigner.of(alg, key.reveal());
                } catch (IllegalArgumentException e) {
                    o.get("key").problem(e.getMessage());
                }
            }
            Duration ttl = o.duration("ttl", Duration.ofMinutes(5));
            if (ttl.toSeconds() < 10) {
                o.get("ttl").problem("ttl must be at least 10s");
            }
            String header = o.string("header", "Authorization");
            if (!HeaderNames.isValid(header)) {
                o.get("header").problem("'" + header + "' is not a valid HTTP header name");
            }
            Map<String, Object> claims = new LinkedHashMap<>();
            YNode c = o.get("claims");
            if (c != null && c.entries() != null) {
                c.entries().forEach((k, v) -> {
                    String name = k.text();
                    if (Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti").contains(name)) {
                        k.problem("claim '" + name + "' is set by the policy; use issuer, subject, audience or ttl");
                    } else if (v.text() != null) {
                        claims.put(name, v.text());
                    }
                });
            }
            return key == null ? null : new Spec(alg, key, o.string("keyId", null), o.string("issuer", null),
                    o.string("subject", null), o.string("audience", null), ttl, Map.copyOf(claims), header, o.bool("override", true));
        }
    };
}
