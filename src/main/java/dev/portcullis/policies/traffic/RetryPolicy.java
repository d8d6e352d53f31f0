package dev.portcullis.policies.traffic;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.ResponseView;
import dev.portcullis.policy.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * retry: sends a call again after a connect failure, a timeout or an answer such as 503, up to
 * `attempts` in all, waiting an exponential backoff with full jitter (or the upstream's Retry-After for
 * 429 and 503). Only idempotent methods unless listed; never a request whose body streamed (it can't be
 * sent twice); and a retry budget keeps retries to a share of the traffic, so an outage isn't multiplied.
 */
public final class RetryPolicy implements Policy {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private final Spec spec;
    private final RetryBudget budget;

    RetryPolicy(Spec spec, Clock clock) {
        this.spec = spec;
        this.budget = new RetryBudget(spec.budgetRatio(), spec.budgetMinPerSecond(), clock);
    }

    @Override public String type() { return "retry"; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        if (call.attempt() == 1) {
            budget.called();
        }
        return Verdict.PROCEED;
    }

    @Override
    public CompletionStage<Verdict> onResponse(ResponseView response) {
        int status = response.status();
        if (!spec.on().contains(Integer.toString(status))) {
            return Verdict.PROCEED;
        }
        Duration wait = backoff(response.request().attempt());
        String retryAfter = response.headers().get("Retry-After");
        if ((status == 429 || status == 503) && retryAfter != null) {
            Duration asked = parseSeconds(retryAfter);
            if (asked == null || asked.compareTo(spec.maxBackoff()) > 0) {
                return Verdict.PROCEED; // the upstream wants more time than we would wait: its answer goes back
            }
            wait = asked;
        }
        return retry(response.request(), wait, "the upstream answered " + status);
    }

    @Override
    public CompletionStage<Verdict> onUpstreamFailure(RequestView request, ErrorCode error, String message) {
        String kind = error == ErrorCode.UPSTREAM_TIMEOUT ? "timeout" : "connect-failure";
        if (!spec.on().contains(kind)) {
            return Verdict.PROCEED;
        }
        return retry(request, backoff(request.attempt()), message);
    }

    private CompletionStage<Verdict> retry(RequestView call, Duration wait, String why) {
        if (call.attempt() >= spec.attempts() || !(spec.methods().isEmpty() ? IDEMPOTENT : spec.methods()).contains(call.method())
                || !budget.tryRetry()) {
            return Verdict.PROCEED;
        }
        return CompletableFuture.completedFuture(new Verdict.Retry(why + "; attempt " + (call.attempt() + 1), wait));
    }

    /** Full jitter: uniformly random up to min(maxBackoff, backoff * 2^(attempt - 1)). */
    Duration backoff(int attempt) {
        long cap = Math.min(spec.maxBackoff().toMillis(), spec.backoff().toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private static Duration parseSeconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: treated as "longer than we wait"
        }
    }

    public record Spec(int attempts, Duration backoff, Duration maxBackoff, Set<String> on, Set<String> methods,
            double budgetRatio, int budgetMinPerSecond) implements PolicySpec {
        @Override public Policy create(String name, PolicyContext context) { return new RetryPolicy(this, context.clock()); }
    }

    private static final Set<String> CONDITIONS = Set.of("connect-failure", "timeout", "429", "500", "502", "503", "504");

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() {
            return Set.of("attempts", "backoff", "maxBackoff", "on", "methods", "budget");
        }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            int attempts = 3;
            if (o.has("attempts")) {
                Integer a = o.get("attempts").integer(2, 10);
                attempts = a == null ? attempts : a;
            }
            Set<String> on = new HashSet<>(o.has("on") ? o.list("on", n -> {
                String t = n.text();
                if (t != null && !CONDITIONS.contains(t)) {
                    n.problem("unknown retry condition '" + t + "'; use " + String.join(", ", CONDITIONS.stream().sorted().toList()));
                    return null;
                }
                return t;
            }) : List.of("connect-failure", "502", "503", "504"));
            YObject b = o.object("budget", Set.of("ratio", "minPerSecond"));
            double ratio = 0.2;
            int min = 3;
            if (b != null && b.get("ratio") != null && b.get("ratio").text() != null) {
                try {
                    ratio = Double.parseDouble(b.get("ratio").text());
                } catch (NumberFormatException e) {
                    b.get("ratio").problem("ratio must be a number from 0 to 1, e.g. 0.2");
                }
            }
            if (b != null && b.get("minPerSecond") != null) {
                Integer m = b.get("minPerSecond").integer(0, 1_000_000);
                min = m == null ? min : m;
            }
            return new Spec(attempts, o.duration("backoff", Duration.ofMillis(100)), o.duration("maxBackoff", Duration.ofSeconds(2)),
                    Set.copyOf(on), Set.copyOf(o.strings("methods")), ratio, min);
        }
    };
}
