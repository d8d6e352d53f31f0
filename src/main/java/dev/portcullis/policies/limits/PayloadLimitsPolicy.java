package dev.portcullis.policies.limits;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.BodyLimits;
import dev.portcullis.policy.Policy;
import java.util.Set;

/**
 * payload-limits: caps request and response body sizes. Bodies still stream; the server counts the
 * bytes and refuses with 413 payload_too_large as soon as a limit is crossed (before anything is sent
 * when Content-Length already says so).
 */
public final class PayloadLimitsPolicy implements Policy {
    private final BodyLimits limits;

    PayloadLimitsPolicy(Spec spec) { this.limits = new BodyLimits(spec.maxRequestBody(), spec.maxResponseBody()); }

    @Override public String type() { return "payload-limits"; }

    @Override public BodyLimits bodyLimits() { return limits; }

    public record Spec(long maxRequestBody, long maxResponseBody) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new PayloadLimitsPolicy(this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("maxRequestBody", "maxResponseBody"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            if (!o.has("maxRequestBody") && !o.has("maxResponseBody")) {
                o.node().problem("payload-limits needs 'maxRequestBody' and/or 'maxResponseBody'");
            }
            return new Spec(o.size("maxRequestBody", Long.MAX_VALUE), o.size("maxResponseBody", Long.MAX_VALUE));
        }
    };
}
