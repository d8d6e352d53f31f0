package dev.portcullis.policies.headers;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.ResponseView;
import dev.portcullis.policy.Verdict;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** remove-headers: strips request headers (remove) and response headers (responseRemove). */
public final class RemoveHeadersPolicy implements Policy {
    private final List<String> request;
    private final List<String> response;

    RemoveHeadersPolicy(Spec spec) {
        this.request = spec.remove();
        this.response = spec.responseRemove();
    }

    @Override public String type() { return "remove-headers"; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        request.forEach(call.headers()::remove);
        return Verdict.PROCEED;
    }

    @Override
    public CompletionStage<Verdict> onResponse(ResponseView call) {
        response.forEach(call.headers()::remove);
        return Verdict.PROCEED;
    }

    public record Spec(List<String> remove, List<String> responseRemove) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new RemoveHeadersPolicy(this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("remove", "responseRemove"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            List<String> remove = HeaderNames.parse(o, "remove");
            List<String> responseRemove = HeaderNames.parse(o, "responseRemove");
            if (!o.written("remove") && !o.written("responseRemove")) { // bad names have problems of their own
                o.node().problem("remove-headers needs 'remove' (request headers) or 'responseRemove' (response headers)");
            }
            return new Spec(remove, responseRemove);
        }
    };
}
