package dev.portcullis.policies.headers;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** require-headers: refuses a call (400 missing_header) that lacks one of the listed request headers. */
public final class RequireHeadersPolicy implements Policy {
    private final List<String> headers;

    RequireHeadersPolicy(Spec spec) { this.headers = spec.headers(); }

    @Override public String type() { return "require-headers"; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        for (String name : headers) {
            String value = call.headers().get(name);
            if (value == null || value.isBlank()) {
                return Verdict.deny(ErrorCode.MISSING_HEADER,
                        "request header '" + name + "' is required on route '" + call.route() + "'; add it to the call");
            }
        }
        return Verdict.PROCEED;
    }

    public record Spec(List<String> headers) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new RequireHeadersPolicy(this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("headers"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            if (!o.written("headers")) { // an empty list would require nothing
                o.node().problem("require-headers needs 'headers': the list of header names that must be present");
            }
            return new Spec(HeaderNames.parse(o, "headers"));
        }
    };
}
