package dev.portcullis.policies.credentials;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.Secret;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YNode;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.BodyAccess;
import dev.portcullis.policy.MutableHeaders;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * aws-sigv4: signs the outgoing request with AWS Signature Version 4. It always runs after the route's
 * other request policies, so the signature covers the request exactly as it leaves. Signed: host,
 * content-type, content-md5 and every x-amz-* header. The payload is hashed (the body is held up to
 * maxBody) unless payload: unsigned, which sends UNSIGNED-PAYLOAD and lets the body stream (S3 accepts it).
 */
public final class AwsSigV4Policy implements Policy {
    public enum Payload { SIGNED, UNSIGNED }

    private final Spec spec;
    private final Clock clock;

    AwsSigV4Policy(Spec spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
    }

    @Override public String type() { return "aws-sigv4"; }

    @Override public boolean injectsCredentials() { return true; }

    @Override public boolean signsRequest() { return true; }

    @Override public BodyAccess bodyAccess() {
        return spec.payload() == Payload.SIGNED ? new BodyAccess(spec.maxBody(), 0) : BodyAccess.NONE;
    }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        MutableHeaders h = call.headers();
        var now = clock.instant();
        byte[] body = call.body();
        String payloadHash = spec.payload() == Payload.UNSIGNED ? SigV4.UNSIGNED_PAYLOAD
                : SigV4.hexSha256(body == null ? new byte[0] : body);
        h.remove("Authorization");
        h.set("X-Amz-Date", SigV4.AMZ_DATE.format(now));
        h.set("X-Amz-Content-Sha256", payloadHash);
        if (spec.sessionToken() != null) {
            h.set("X-Amz-Security-Token", spec.sessionToken().reveal());
        }
        Map<String, List<String>> signed = new LinkedHashMap<>();
        for (String name : h.names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-type") || lower.equals("content-md5") || lower.startsWith("x-amz-")) {
                signed.put(name, h.getAll(name));
            }
        }
        SigV4.Signature s = SigV4.sign(call.method(), call.path(), call.query(), signed, payloadHash,
                spec.accessKeyId().reveal(), spec.secretAccessKey().reveal(), spec.region(), spec.service(), now);
        h.set("Authorization", s.authorization());
        return Verdict.PROCEED;
    }

    public record Spec(String service, String region, Secret accessKeyId, Secret secretAccessKey, Secret sessionToken,
            Payload payload, long maxBody) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new AwsSigV4Policy(this, context.clock()); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() {
            return Set.of("service", "region", "accessKeyId", "secretAccessKey", "sessionToken", "payload", "maxBody");
        }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            String service = o.required("service");
            String region = o.required("region");
            Secret id = Credentials.headerSecret(o, "accessKeyId", secrets); // it goes into the Authorization header as it is
            Secret key = Credentials.secret(o, "secretAccessKey", secrets);
            YNode t = o.get("sessionToken");
            Secret token = t == null || t.text() == null ? null : secrets.resolve(t.text(), t, t.problems());
            return service == null || region == null || id == null || key == null ? null
                    : new Spec(service, region, id, key, token, o.enumValue("payload", Payload.class, Payload.SIGNED),
                            o.size("maxBody", 10L << 20));
        }
    };
}
