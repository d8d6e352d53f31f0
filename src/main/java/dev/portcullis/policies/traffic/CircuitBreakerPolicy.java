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
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * circuit-breaker: per upstream (host:port), watches the last `window` outcomes; once at least
 * `minCalls` were seen and the failure rate (connect failures, timeouts, failure statuses) or the
 * slow-call rate reaches its threshold, the circuit opens and calls get 503 circuit_open at once, without
 * touching the upstream. After `openFor`, `halfOpenProbes` calls go through: all fine closes it, one
 * failure opens it again. State changes are logged and counted.
 */
public final class CircuitBreakerPolicy implements Policy {
    private static final Logger LOG = Logger.getLogger(CircuitBreakerPolicy.class.getName());

    private final String name;
    private final Spec spec;
    private final PolicyContext context;
    private final ConcurrentHashMap<String, Circuit> circuits = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RequestView, Long> started = new ConcurrentHashMap<>(); // by identity

    CircuitBreakerPolicy(String name, Spec spec, PolicyContext context) {
        this.name = name;
        this.spec = spec;
        this.context = context;
    }

    @Override public String type() { return "circuit-breaker"; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        String upstream = call.host() + ":" + call.port();
        Circuit c = circuits.computeIfAbsent(upstream, u -> new Circuit(spec, () -> context.clock().millis(), this::changed));
        long retryIn = c.tryAcquire(upstream);
        if (retryIn > 0) {
            long seconds = Math.max(1, (retryIn + 999) / 1000);
            return Verdict.deny(ErrorCode.CIRCUIT_OPEN, "the circuit to " + upstream + " is open after too many failures (policy '"
                    + name + "'); calls resume in " + seconds + "s", java.util.Map.of("Retry-After", Long.toString(seconds)));
        }
        started.put(call, context.clock().millis());
        return Verdict.PROCEED;
    }

    @Override
    public CompletionStage<Verdict> onResponse(ResponseView response) {
        RequestView call = response.request();
        Long start = started.remove(call);
        if (start != null) {
            boolean failed = spec.failureStatuses().contains(response.status());
            boolean slow = context.clock().millis() - start >= spec.slowCall().toMillis();
            circuit(call).record(call.host() + ":" + call.port(), failed, slow);
        }
        return Verdict.PROCEED;
    }

    @Override
    public CompletionStage<Verdict> onUpstreamFailure(RequestView call, ErrorCode error, String message) {
        if (started.remove(call) != null) {
            circuit(call).record(call.host() + ":" + call.port(), true, error == ErrorCode.UPSTREAM_TIMEOUT);
        }
        return Verdict.PROCEED;
    }

    @Override
    public void onEnd(RequestView call) {
        if (started.remove(call) != null) {
            circuit(call).abandoned(); // ended without an outcome (client gone, refused later): a probe slot comes back
        }
    }

    private Circuit circuit(RequestView call) {
        return circuits.get(call.host() + ":" + call.port());
    }

    private void changed(String upstream, Circuit.State from, Circuit.State to, String why) {
        LOG.warning("circuit-breaker '" + name + "': circuit to " + upstream + " " + from.name().toLowerCase() + " -> "
                + to.name().toLowerCase() + " (" + why + ")");
        context.countEvent(name, to.name().toLowerCase());
    }

    public record Spec(int window, int minCalls, int failureRate, int slowCallRate, Duration slowCall, Duration openFor,
            int halfOpenProbes, Set<Integer> failureStatuses) implements PolicySpec {
        @Override public Policy create(String name, PolicyContext context) { return new CircuitBreakerPolicy(name, this, context); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() {
            return Set.of("window", "minCalls", "failureRate", "slowCallRate", "slowCall", "openFor", "halfOpenProbes",
                    "failureStatuses");
        }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            int window = integer(o, "window", 20, 2, 10_000);
            int minCalls = integer(o, "minCalls", Math.min(10, window), 1, window);
            Set<Integer> statuses = Set.copyOf(o.has("failureStatuses") ? o.list("failureStatuses", n -> n.integer(100, 599))
                    : java.util.List.of(500, 502, 503, 504));
            return new Spec(window, minCalls, integer(o, "failureRate", 50, 1, 100), integer(o, "slowCallRate", 100, 1, 100),
                    o.duration("slowCall", Duration.ofSeconds(5)), o.duration("openFor", Duration.ofSeconds(30)),
                    integer(o, "halfOpenProbes", 3, 1, 1000), statuses);
        }
    };

    private static int integer(YObject o, String key, int fallback, int min, int max) {
        if (!o.has(key)) {
            return fallback;
        }
        Integer v = o.get(key).integer(min, max);
        return v == null ? fallback : v;
    }
}
