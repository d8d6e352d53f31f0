package dev.portcullis.policies.dlp;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.dlp.Findings;
import dev.portcullis.policy.BodyAccess;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.ResponseView;
import dev.portcullis.policy.Verdict;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * dlp: finds sensitive data (cards, national ids, keys, tokens, your own patterns) in what leaves (and,
 * with direction response or both, in what comes back), then blocks the call (403 dlp_violation; nothing
 * is sent on), redacts each finding, or only reports it. Every finding is in the audit record's dlp
 * list, by detector and location, never by value. Bodies are held for the scan, up to maxScanBytes.
 */
public final class DlpPolicy implements Policy {
    public enum Direction { REQUEST, RESPONSE, BOTH }

    private final String name;
    private final Spec spec;
    private final DlpInspection inspection;
    private final BodyAccess access;

    DlpPolicy(String name, Spec spec) {
        this.name = name;
        this.spec = spec;
        this.inspection = new DlpInspection(spec.rules());
        boolean body = spec.rules().scope().contains(DlpRules.Scope.BODY);
        long max = body ? spec.rules().maxScanBytes() : 0;
        this.access = new BodyAccess(requests() ? max : 0, responses() ? max : 0, spec.rules().allowUnscannable());
    }

    private boolean requests() { return spec.direction() != Direction.RESPONSE; }

    private boolean responses() { return spec.direction() != Direction.REQUEST; }

    @Override public String type() { return "dlp"; }

    @Override public BodyAccess bodyAccess() { return access; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        if (!requests()) {
            return Verdict.PROCEED;
        }
        Findings found = new Findings();
        String query = inspection.query(call.query(), found, call::auditQuery);
        if (query != null && !query.equals(call.query())) {
            call.setQuery(query);
        }
        DlpInspection.Refusal r = inspection.inspect(call, found, "request");
        return r == null ? Verdict.PROCEED : Verdict.deny(r.error(), "policy '" + name + "' refused the request to "
                + call.host() + ": " + r.message() + ". Nothing was sent upstream; remove the data from the request,"
                + " or ask the owners of policy '" + name + "' whether it should redact or report instead");
    }

    @Override
    public CompletionStage<Verdict> onResponse(ResponseView response) {
        if (!responses()) {
            return Verdict.PROCEED;
        }
        RequestView call = response.request();
        DlpInspection.Refusal r = inspection.inspect(response, new Findings(), "response");
        return r == null ? Verdict.PROCEED : Verdict.deny(r.error(), "policy '" + name + "' refused the response from "
                + call.host() + ": " + r.message() + ". Nothing of it was passed on");
    }

    public record Spec(DlpRules rules, Direction direction) implements PolicySpec {
        @Override public Policy create(String name, PolicyContext context) { return new DlpPolicy(name, this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() {
            Set<String> keys = new HashSet<>(DlpRulesReader.KEYS);
            keys.add("direction");
            return Set.copyOf(keys);
        }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            return new Spec(DlpRulesReader.read(o, DlpRules.Action.BLOCK), o.enumValue("direction", Direction.class,
                    Direction.REQUEST));
        }
    };
}
