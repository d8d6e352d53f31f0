package dev.portcullis.policies.credentials;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.Secret;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** basic-auth: sends {@code Authorization: Basic base64(username:password)} to the upstream. */
public final class BasicAuthPolicy implements Policy {
    private final String header;
    private final boolean override;

    BasicAuthPolicy(Spec spec) {
        String pair = spec.username() + ":" + spec.password().reveal();
        this.header = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        this.override = spec.override();
    }

    @Override public String type() { return "basic-auth"; }

    @Override public boolean injectsCredentials() { return true; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        if (override || !call.headers().contains("Authorization")) {
            call.headers().set("Authorization", header);
        }
        return Verdict.PROCEED;
    }

    /** override: replace what the application sent (default); false keeps the application's own. */
    public record Spec(String username, Secret password, boolean override) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new BasicAuthPolicy(this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("username", "password", "override"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            String user = o.required("username");
            if (user != null && user.indexOf(':') >= 0) {
                o.get("username").problem("a Basic username cannot contain ':'");
            }
            Secret password = Credentials.secret(o, "password", secrets);
            return user == null || password == null ? null : new Spec(user, password, o.bool("override", true));
        }
    };
}
