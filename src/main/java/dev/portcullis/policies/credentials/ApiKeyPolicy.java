package dev.portcullis.policies.credentials;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.Secret;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.policies.headers.HeaderNames;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** api-key: puts a key in a request header or a query parameter. */
public final class ApiKeyPolicy implements Policy {
    public enum In { HEADER, QUERY }

    private final Spec spec;
    private final String encodedField;
    private final String encodedValue;

    ApiKeyPolicy(Spec spec) {
        this.spec = spec;
        this.encodedField = encode(spec.field());
        this.encodedValue = encode(spec.value().reveal());
    }

    @Override public String type() { return "api-key"; }

    @Override public boolean injectsCredentials() { return true; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        if (spec.in() == In.HEADER) {
            if (spec.override() || !call.headers().contains(spec.field())) {
                call.headers().set(spec.field(), spec.value().reveal());
            }
        } else {
            call.setQuery(withParameter(call.query()));
        }
        return Verdict.PROCEED;
    }

    /** The query with field=value: replacing every existing field= (override) or keeping the app's own. */
    String withParameter(String query) {
        List<String> kept = new ArrayList<>();
        boolean present = false;
        if (query != null && !query.isEmpty()) {
            for (String part : query.split("&", -1)) {
                String name = part.indexOf('=') >= 0 ? part.substring(0, part.indexOf('=')) : part;
                if (name.equals(encodedField)) {
                    present = true;
                    if (spec.override()) {
                        continue;
                    }
                }
                kept.add(part);
            }
        }
        if (spec.override() || !present) {
            kept.add(encodedField + "=" + encodedValue);
        }
        return String.join("&", kept);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public record Spec(In in, String field, Secret value, boolean override) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new ApiKeyPolicy(this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("in", "field", "value", "override"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            In in = o.enumValue("in", In.class, In.HEADER);
            String field = o.required("field");
            if (field != null && in == In.HEADER && !HeaderNames.isValid(field)) {
                o.get("field").problem("'" + field + "' is not a valid HTTP header name");
            }
            Secret value = in == In.HEADER ? Credentials.headerSecret(o, "value", secrets) : Credentials.secret(o, "value", secrets);
            return field == null || value == null ? null : new Spec(in, field, value, o.bool("override", true));
        }
    };
}
