package dev.portcullis.policies.inspection;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.dlp.Findings;
import dev.portcullis.policies.dlp.DlpInspection;
import dev.portcullis.policies.dlp.DlpRules;
import dev.portcullis.policies.dlp.DlpRulesReader;
import dev.portcullis.policy.BodyAccess;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.MediaTypes;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.policy.ResponseView;
import dev.portcullis.policy.Verdict;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * response-inspection: checks what the upstream answered before the application sees it: an allowed
 * Content-Type, a size bound (the body is held up to maxResponseBody), and DLP on the response. A
 * violation is answered 502 response_rejected, and nothing of the upstream's response is passed on.
 */
public final class ResponseInspectionPolicy implements Policy {
    private final String name;
    private final Spec spec;
    private final DlpInspection dlp;
    private final BodyAccess access;

    ResponseInspectionPolicy(String name, Spec spec) {
        this.name = name;
        this.spec = spec;
        this.dlp = spec.dlp() == null ? null : new DlpInspection(spec.dlp());
        // held whole when its size or its content must be checked; larger ones come to onResponse unseen, then refused
        boolean hold = spec.maxResponseBody() > 0 || dlp != null;
        long bound = spec.maxResponseBody() > 0 ? spec.maxResponseBody() : spec.dlp() == null ? 0 : spec.dlp().maxScanBytes();
        this.access = hold ? new BodyAccess(0, bound, true) : BodyAccess.NONE;
    }

    @Override public String type() { return "response-inspection"; }

    @Override public BodyAccess bodyAccess() { return access; }

    @Override
    public CompletionStage<Verdict> onResponse(ResponseView response) {
        String host = response.request().host();
        if (hasBody(response) && !spec.contentTypes().isEmpty()) {
            String type = response.headers().get("Content-Type");
            if (!allowed(MediaTypes.essence(type))) {
                return refuse(host, "its Content-Type " + (type == null ? "is missing" : "'" + type + "' is not in contentTypes "
                        + spec.contentTypes()));
            }
        }
        if (response.bodyUnseen()) {
            return refuse(host, "its body is larger than " + access.maxResponseBody() + " bytes"
                    + (spec.maxResponseBody() > 0 ? " (maxResponseBody)" : " (dlp.maxScanBytes)"));
        }
        if (dlp != null) {
            DlpInspection.Refusal r = dlp.inspect(response, new Findings(), "response");
            if (r != null) {
                return refuse(host, r.message());
            }
        }
        return Verdict.PROCEED;
    }

    private static boolean hasBody(ResponseView r) {
        String length = r.headers().get("Content-Length");
        return r.status() != 204 && r.status() != 304 && !r.request().method().equals("HEAD") && !"0".equals(length);
    }

    /** type/subtype, type/* or * / * patterns, compared without parameters and case. */
    private boolean allowed(String essence) {
        for (String pattern : spec.contentTypes()) {
            if (pattern.equals(essence) || pattern.equals("*/*")
                    || (pattern.endsWith("/*") && essence.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private CompletionStage<Verdict> refuse(String host, String why) {
        return Verdict.deny(ErrorCode.RESPONSE_REJECTED, "policy '" + name + "' rejected the response from " + host + ": "
                + why + ". Nothing of it was passed on; check what the upstream sends, or the policy's settings");
    }

    public record Spec(List<String> contentTypes, long maxResponseBody, DlpRules dlp) implements PolicySpec {
        @Override public Policy create(String name, PolicyContext context) { return new ResponseInspectionPolicy(name, this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("contentTypes", "maxResponseBody", "dlp"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            if (!o.has("contentTypes") && !o.has("maxResponseBody") && !o.has("dlp")) {
                o.node().problem("response-inspection needs at least one of 'contentTypes', 'maxResponseBody', 'dlp'");
            }
            List<String> types = o.strings("contentTypes").stream().map(t -> t.trim().toLowerCase(java.util.Locale.ROOT)).toList();
            for (int i = 0; i < types.size(); i++) {
                if (!types.get(i).contains("/")) {
                    o.get("contentTypes").list().get(i).problem("'" + types.get(i) + "' is not a media type; write type/subtype or type/*");
                }
            }
            YObject d = o.object("dlp", DlpRulesReader.KEYS);
            long max = o.size("maxResponseBody", 0);
            return new Spec(types, max, d == null ? null : DlpRulesReader.read(d, DlpRules.Action.BLOCK));
        }
    };
}
