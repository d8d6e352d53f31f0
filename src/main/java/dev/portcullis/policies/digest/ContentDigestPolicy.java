package dev.portcullis.policies.digest;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.BodyAccess;
import dev.portcullis.policy.MutableHeaders;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.ResponseView;
import dev.portcullis.policy.Verdict;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * content-digest: adds an RFC 9530 {@code Content-Digest} header computed over the whole body, to the
 * request (so the upstream can check what arrived), the response (so the caller can), or both. The body
 * is held up to maxBody; a larger one is refused with 413 rather than sent without its digest.
 */
public final class ContentDigestPolicy implements Policy {
    public enum Direction { REQUEST, RESPONSE, BOTH }

    public enum Algorithm {
        SHA_256("sha-256", "SHA-256"), SHA_512("sha-512", "SHA-512");

        final String token;
        final String jca;

        Algorithm(String token, String jca) {
            this.token = token;
            this.jca = jca;
        }
    }

    private final Spec spec;
    private final BodyAccess access;

    ContentDigestPolicy(Spec spec) {
        this.spec = spec;
        boolean req = spec.direction() != Direction.RESPONSE;
        boolean res = spec.direction() != Direction.REQUEST;
        this.access = new BodyAccess(req ? spec.maxBody() : 0, res ? spec.maxBody() : 0);
    }

    @Override public String type() { return "content-digest"; }

    @Override public BodyAccess bodyAccess() { return access; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        if (access.maxRequestBody() > 0 && call.body() != null) {
            put(call.headers(), call.body());
        }
        return Verdict.PROCEED;
    }

    @Override
    public CompletionStage<Verdict> onResponse(ResponseView call) {
        if (access.maxResponseBody() > 0 && call.body() != null) {
            put(call.headers(), call.body());
        }
        return Verdict.PROCEED;
    }

    private void put(MutableHeaders headers, byte[] body) {
        headers.set("Content-Digest", spec.algorithm().token + "=:" + Base64.getEncoder().encodeToString(digest(body)) + ":");
    }

    private byte[] digest(byte[] body) {
        try {
            return MessageDigest.getInstance(spec.algorithm().jca).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + spec.algorithm().jca, e);
        }
    }

    public record Spec(Algorithm algorithm, Direction direction, long maxBody) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new ContentDigestPolicy(this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("algorithm", "direction", "maxBody"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            long max = o.size("maxBody", 1L << 20);
            if (max <= 0 && o.get("maxBody") != null) {
                o.get("maxBody").problem("maxBody must be greater than zero");
            }
            return new Spec(o.enumValue("algorithm", Algorithm.class, Algorithm.SHA_256),
                    o.enumValue("direction", Direction.class, Direction.REQUEST), max);
        }
    };
}
