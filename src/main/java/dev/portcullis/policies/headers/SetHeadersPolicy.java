package dev.portcullis.policies.headers;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.Secret;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YNode;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.ResponseView;
import dev.portcullis.policy.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** set-headers: sets request headers (set) and response headers (responseSet), replacing what was there. */
public final class SetHeadersPolicy implements Policy {
    private final Map<String, Secret> request;
    private final Map<String, Secret> response;

    SetHeadersPolicy(Spec spec) {
        this.request = spec.set();
        this.response = spec.responseSet();
    }

    @Override public String type() { return "set-headers"; }

    /** Headers built from secret references are credentials (e.g. Authorization: Bearer ${env:KEY}). */
    @Override public boolean injectsCredentials() {
        return request.values().stream().anyMatch(Secret::referenced) || response.values().stream().anyMatch(Secret::referenced);
    }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        request.forEach((name, value) -> call.headers().set(name, value.reveal()));
        return Verdict.PROCEED;
    }

    @Override
    public CompletionStage<Verdict> onResponse(ResponseView call) {
        response.forEach((name, value) -> call.headers().set(name, value.reveal()));
        return Verdict.PROCEED;
    }

    public record Spec(Map<String, Secret> set, Map<String, Secret> responseSet) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new SetHeadersPolicy(this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("set", "responseSet"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            Map<String, Secret> set = headerValues(o, "set", secrets);
            Map<String, Secret> responseSet = headerValues(o, "responseSet", secrets);
            if (!o.written("set") && !o.written("responseSet")) { // entries with bad values have problems of their own
                o.node().problem("set-headers needs 'set' (request headers) or 'responseSet' (response headers)");
            }
            return new Spec(set, responseSet);
        }
    };

    /** A mapping of header name to value; values may reference secrets. */
    static Map<String, Secret> headerValues(YObject o, String key, SecretResolver secrets) {
        YNode node = o.get(key);
        Map<String, Secret> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        Map<YNode, YNode> entries = node.entries();
        if (entries == null) {
            return out;
        }
        entries.forEach((k, v) -> {
            String name = k.text();
            String raw = v.text();
            if (name == null || raw == null) {
                return;
            }
            if (!HeaderNames.isValid(name)) {
                k.problem("'" + name + "' is not a valid HTTP header name");
                return;
            }
            Secret value = secrets.resolve(raw, v, v.problems());
            if (value != null && !HeaderNames.isValidValue(value.reveal())) {
                v.problem("header value contains a line break or control character; a header value must be one line"
                        + (value.referenced() ? " (look at the secret file or variable it comes from)" : ""));
                return;
            }
            if (value != null) {
                out.put(name, value);
            }
        });
        return Map.copyOf(out);
    }
}
