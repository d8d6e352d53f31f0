package dev.portcullis.pipeline;

import dev.portcullis.config.Mode;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.ResponseView;
import dev.portcullis.policy.Verdict;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Runs a route's policies: the request phase in config order (global first), the response phase in
 * reverse. Owns report mode: a denial from a policy in report mode is recorded and the chain goes on.
 * Completed stages (the common case) are run without any allocation of callbacks.
 */
public final class PolicyChain {
    /** The outcome of a phase: the first enforced denial (with its policy), or null to go on. */
    /** The first enforced denial (deny set), or a policy's request to retry (retry set; response phase only). */
    public record Outcome(String policy, Verdict.Deny deny, Verdict.Retry retry) {}

    /** Receives the denials that report mode let pass. */
    public interface ReportSink {
        void reported(String policy, ErrorCode error);
    }

    private static final CompletableFuture<Outcome> PASS = CompletableFuture.completedFuture(null);

    private final List<NamedPolicy> policies;
    private final List<String> credentialPolicies;

    public PolicyChain(List<NamedPolicy> policies) {
        this.policies = List.copyOf(policies);
        this.credentialPolicies = this.policies.stream().filter(p -> p.policy().injectsCredentials()).map(NamedPolicy::name).toList();
    }

    /**
     * Tells every policy about an upstream failure (a circuit breaker counts it wherever it is listed) and
     * returns the first retry one asked for, or null.
     */
    public Verdict.Retry onUpstreamFailure(RequestView request, ErrorCode error, String message) {
        Verdict.Retry first = null;
        for (NamedPolicy p : policies) {
            try {
                var v = p.policy().onUpstreamFailure(request, error, message).toCompletableFuture().getNow(Verdict.CONTINUE);
                if (v instanceof Verdict.Retry r && first == null) {
                    first = r;
                }
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(PolicyChain.class.getName()).warning("policy '" + p.name()
                        + "' failed on an upstream failure: " + e);
            }
        }
        return first;
    }

    /** Tells every policy the call ended (see {@link dev.portcullis.policy.Policy#onEnd}); a throwing one can't stop the others. */
    public void onEnd(RequestView request) {
        for (NamedPolicy p : policies) {
            try {
                p.policy().onEnd(request);
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(PolicyChain.class.getName()).warning("policy '" + p.name()
                        + "' failed at the end of a call: " + e);
            }
        }
    }

    /** Names of the policies that inject credentials, in order (for the audit record; computed once). */
    public List<String> credentialPolicies() { return credentialPolicies; }

    public List<NamedPolicy> policies() { return policies; }

    /** The streaming request body checks for this call, or null when no policy has one. */
    public BodyChecks bodyChecks(RequestView request, ReportSink reports) {
        return BodyChecks.of(policies, request, reports);
    }

    public CompletionStage<Outcome> onRequest(RequestView request, ReportSink reports) {
        return run(0, 1, p -> p.policy().onRequest(request), reports, false);
    }

    public CompletionStage<Outcome> onResponse(ResponseView response, ReportSink reports) {
        return run(policies.size() - 1, -1, p -> p.policy().onResponse(response), reports, true);
    }

    private CompletionStage<Outcome> run(int from, int step, Function<NamedPolicy, CompletionStage<Verdict>> phase,
            ReportSink reports, boolean responsePhase) {
        for (int i = from; i >= 0 && i < policies.size(); i += step) {
            NamedPolicy p = policies.get(i);
            CompletionStage<Verdict> stage = invoke(phase, p);
            CompletableFuture<Verdict> f = stage.toCompletableFuture();
            if (!f.isDone()) {
                int next = i + step;
                return f.thenCompose(v -> {
                    Outcome o = decide(p, v, reports, responsePhase);
                    return o != null ? CompletableFuture.completedFuture(o) : run(next, step, phase, reports, responsePhase);
                });
            }
            Outcome o = decide(p, f.join(), reports, responsePhase);
            if (o != null) {
                return CompletableFuture.completedFuture(o);
            }
        }
        return PASS;
    }

    /** A policy that throws fails closed: its call is refused as an upstream failure, not let through. */
    private static CompletionStage<Verdict> invoke(Function<NamedPolicy, CompletionStage<Verdict>> phase, NamedPolicy p) {
        try {
            return phase.apply(p);
        } catch (RuntimeException e) {
            return Verdict.deny(ErrorCode.UPSTREAM_UNAVAILABLE, "policy '" + p.name() + "' failed: " + e.getClass().getSimpleName());
        }
    }

    private static Outcome decide(NamedPolicy p, Verdict v, ReportSink reports, boolean responsePhase) {
        if (v instanceof Verdict.Deny deny) {
            if (p.mode() == Mode.REPORT) {
                reports.reported(p.name(), deny.error());
                return null;
            }
            return new Outcome(p.name(), deny, null);
        }
        if (v instanceof Verdict.Retry retry && responsePhase) {
            return new Outcome(p.name(), null, retry);
        }
        return null;
    }
}
