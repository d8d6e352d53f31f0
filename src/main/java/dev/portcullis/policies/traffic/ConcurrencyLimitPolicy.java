package dev.portcullis.policies.traffic;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * concurrency-limit (spike control): at most `max` calls in flight per key. Beyond that a call may wait
 * in a first-come queue (up to maxQueue calls, each for at most maxWait); otherwise, or when its wait
 * runs out, it is refused with 429 rate_limited and Retry-After: 1. Slots are given back when calls end.
 */
public final class ConcurrencyLimitPolicy implements Policy {
    /** The calls of one key: how many are in flight, and who waits. Guarded by itself. */
    private static final class Slots {
        int inFlight;
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    }

    private record Waiter(RequestView call, CompletableFuture<Boolean> granted) {}

    private final String name;
    private final Spec spec;
    private final ConcurrentHashMap<String, Slots> slots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RequestView, Slots> held = new ConcurrentHashMap<>(); // by identity: one entry a call
    private final ConcurrentHashMap<RequestView, Slots> queued = new ConcurrentHashMap<>();

    ConcurrencyLimitPolicy(String name, Spec spec) {
        this.name = name;
        this.spec = spec;
    }

    @Override public String type() { return "concurrency-limit"; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        if (held.containsKey(call)) {
            return Verdict.PROCEED; // the same call again (a retry): it keeps its slot
        }
        String key = RateLimitPolicy.keyOf(spec.key(), call);
        Slots s = slots.computeIfAbsent(key, k -> new Slots());
        Waiter w;
        synchronized (s) {
            if (s.inFlight < spec.max()) {
                s.inFlight++;
                held.put(call, s);
                return Verdict.PROCEED;
            }
            if (s.waiting.size() >= spec.maxQueue() || spec.maxWait().isZero()) {
                return refuse(key, s.waiting.size());
            }
            w = new Waiter(call, new CompletableFuture<>());
            s.waiting.add(w);
            queued.put(call, s);
        }
        w.granted().orTimeout(spec.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        return w.granted().handle((ok, timedOut) -> {
            if (ok != null && ok) {
                return Verdict.CONTINUE;
            }
            synchronized (s) {
                s.waiting.remove(w);
                queued.remove(call);
            }
            return refuse(key, -1).toCompletableFuture().join();
        });
    }

    @Override
    public void onEnd(RequestView call) {
        Slots s = held.get(call);
        if (s == null) {
            s = queued.get(call);
        }
        if (s == null) {
            return;
        }
        synchronized (s) {
            if (held.remove(call) == null) { // it was still waiting: it leaves the queue
                queued.remove(call);
                for (var it = s.waiting.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (w.call() == call) {
                        it.remove();
                        w.granted().complete(false);
                    }
                }
                return;
            }
            Waiter next;
            while ((next = s.waiting.poll()) != null) {
                queued.remove(next.call());
                if (next.granted().complete(true)) { // hand the slot straight to the next in line
                    held.put(next.call(), s);
                    return;
                }
            }
            s.inFlight--;
        }
    }

    private CompletionStage<Verdict> refuse(String key, int waiting) {
        return Verdict.deny(ErrorCode.RATE_LIMITED, "concurrency limit of " + spec.max() + " calls in flight reached for "
                + key + " (policy '" + name + "')" + (waiting < 0 ? "; waited " + spec.maxWait().toMillis() + "ms for a slot"
                        : waiting > 0 ? "; " + waiting + " waiting" : "") + "; retry shortly",
                Map.of("Retry-After", "1"));
    }

    public record Spec(int max, List<String> key, int maxQueue, Duration maxWait) implements PolicySpec {
        @Override public Policy create(String name, PolicyContext context) { return new ConcurrencyLimitPolicy(name, this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("max", "key", "maxQueue", "maxWait"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            Integer max = o.has("max") ? o.get("max").integer(1, 1_000_000) : null;
            if (!o.has("max")) {
                o.node().problem("missing required key 'max': the most calls in flight per key");
            }
            int maxQueue = 0;
            if (o.has("maxQueue")) {
                Integer q = o.get("maxQueue").integer(0, 1_000_000);
                maxQueue = q == null ? 0 : q;
            }
            Duration maxWait = o.duration("maxWait", Duration.ZERO);
            if (maxQueue > 0 && maxWait.isZero()) {
                o.node().problem("maxQueue needs maxWait: how long a queued call may wait for a slot (e.g. 500ms)");
            }
            return max == null ? null : new Spec(max, RateLimitPolicy.keyParts(o), maxQueue, maxWait);
        }
    };
}
