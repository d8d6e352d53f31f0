package dev.portcullis.pipeline;

import dev.portcullis.config.Mode;
import dev.portcullis.policy.BodyCheck;
import dev.portcullis.policy.Verdict;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming body checks of one call's policies. Owns report mode like the chain does: a check in
 * report mode that refuses is recorded once and then left out.
 */
public final class BodyChecks {
    private final List<NamedPolicy> policies;
    private final List<BodyCheck> checks;
    private final PolicyChain.ReportSink reports;

    private BodyChecks(List<NamedPolicy> policies, List<BodyCheck> checks, PolicyChain.ReportSink reports) {
        this.policies = policies;
        this.checks = checks;
        this.reports = reports;
    }

    /** The checks the policies want for this request, or null when none does (the common case: no cost). */
    static BodyChecks of(List<NamedPolicy> chain, dev.portcullis.policy.RequestView request, PolicyChain.ReportSink reports) {
        List<NamedPolicy> policies = null;
        List<BodyCheck> checks = null;
        for (NamedPolicy p : chain) {
            BodyCheck c = p.policy().requestBodyCheck(request);
            if (c != null) {
                if (policies == null) {
                    policies = new ArrayList<>(1);
                    checks = new ArrayList<>(1);
                }
                policies.add(p);
                checks.add(c);
            }
        }
        return policies == null ? null : new BodyChecks(policies, checks, reports);
    }

    /** Feeds a piece (and, when last, the end); returns the first enforced refusal, or null. */
    public PolicyChain.Outcome content(ByteBuffer piece, boolean last) {
        for (int i = 0; i < checks.size(); i++) {
            BodyCheck c = checks.get(i);
            if (c == null) {
                continue;
            }
            Verdict.Deny deny;
            try {
                deny = c.content(piece.duplicate());
                if (deny == null && last) {
                    deny = c.end();
                }
            } catch (RuntimeException e) { // a check that breaks fails closed, with a message, never a dropped connection
                deny = new Verdict.Deny(dev.portcullis.policy.ErrorCode.BAD_REQUEST, "policy '" + policies.get(i).name()
                        + "' could not check the body (" + e.getClass().getSimpleName() + "); the request was refused");
            }
            if (deny != null) {
                NamedPolicy p = policies.get(i);
                if (p.mode() != Mode.REPORT) {
                    return new PolicyChain.Outcome(p.name(), deny, null);
                }
                reports.reported(p.name(), deny.error());
                checks.set(i, null);
            }
        }
        return null;
    }
}
