package dev.portcullis.policies.traffic;

import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YNode;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.SharedStore;
import dev.portcullis.policy.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * rate-limit: at most `limit` calls per `per` for each key (client, route, destination or a header's
 * value, or a combination), with bursts up to `burst`. Refused calls get 429 rate_limited with
 * Retry-After and the IETF RateLimit-Policy / RateLimit headers. Kept in memory on this node.
 */
public final class RateLimitPolicy implements Policy {
    private final String name;
    private final Spec spec;
    private final Gcra gcra;
    private final Clock clock;
    private final PolicyContext context;
    private final long intervalMicros;
    private final long toleranceMicros;

    RateLimitPolicy(String name, Spec spec, Clock clock, PolicyContext context) {
        this.name = name;
        this.spec = spec;
        this.gcra = new Gcra(spec.limit(), spec.per(), spec.burst());
        this.clock = clock;
        this.context = context;
        this.intervalMicros = Math.max(1, spec.per().toNanos() / 1000 / spec.limit());
        this.toleranceMicros = (spec.burst() - 1L) * intervalMicros;
    }

    @Override public String type() { return "rate-limit"; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        String key = key(call);
        SharedStore store = spec.shared() ? context.store() : null;
        if (store == null) {
            return decide(call, gcra.take(key, clock.millis() * 1_000_000L));
        }
        return store.gcra(name + ":" + key, intervalMicros, toleranceMicros)
                .orTimeout(context.storeTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((r, error) -> {
                    if (error == null) {
                        return decide(call, new Gcra.Decision(r[0] == 1, 0, r[1])).toCompletableFuture().join();
                    }
                    // the store is unreachable: record it, and never let an outage unleash unlimited traffic
                    call.markStoreFailure();
                    context.countEvent(name, "store_failure");
                    if (!context.allowOnStoreFailure()) {
                        return new Verdict.Deny(ErrorCode.RATE_LIMITED, "the shared store is unreachable and policy '" + name
                                + "' refuses calls then (onStoreFailure: deny)", java.util.Map.of("Retry-After", "1"));
                    }
                    return decide(call, gcra.take(key, clock.millis() * 1_000_000L)).toCompletableFuture().join();
                });
    }

    private CompletionStage<Verdict> decide(RequestView call, Gcra.Decision d) {
        if (d.allowed()) {
            return Verdict.PROCEED;
        }
        long seconds = Math.max(1, (d.retryAfterMillis() + 999) / 1000);
        return Verdict.deny(ErrorCode.RATE_LIMITED, "rate limit of " + spec.limit() + " per " + format(spec.per()) + " reached for "
                + describe(call) + " (policy '" + name + "'); retry in " + seconds + "s",
                java.util.Map.of("Retry-After", Long.toString(seconds),
                        "RateLimit-Policy", "\"" + name + "\";q=" + spec.limit() + ";w=" + Math.max(1, spec.per().toSeconds()),
                        "RateLimit", "\"" + name + "\";r=0;t=" + seconds));
    }

    String key(RequestView call) {
        return keyOf(spec.key(), call);
    }

    /** The counting key of a call: the values of the key parts, joined. */
    static String keyOf(List<String> keyParts, RequestView call) {
        List<String> parts = new ArrayList<>(keyParts.size());
        for (String k : keyParts) {
            parts.add(switch (k) {
                case "client" -> call.client();
                case "route" -> call.route();
                case "destination" -> call.host() + ":" + call.port();
                default -> String.valueOf(call.headers().get(k.substring("header:".length())));
            });
        }
        return String.join("|", parts);
    }

    private String describe(RequestView call) {
        List<String> parts = new ArrayList<>();
        for (String k : spec.key()) {
            parts.add(k.startsWith("header:") ? k : k + " " + switch (k) {
                case "client" -> call.client();
                case "route" -> call.route();
                default -> call.host() + ":" + call.port();
            });
        }
        return String.join(", ", parts);
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    public record Spec(long limit, Duration per, int burst, List<String> key, boolean shared) implements PolicySpec {
        @Override public Policy create(String name, PolicyContext context) { return new RateLimitPolicy(name, this, context.clock(), context); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("limit", "per", "burst", "key", "shared"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            Integer limit = o.has("limit") ? o.get("limit").integer(1, 1_000_000_000) : null;
            if (!o.has("limit")) {
                o.node().problem("missing required key 'limit': the number of calls allowed per 'per'");
            }
            Duration per = o.duration("per", Duration.ofSeconds(1));
            if (per.toMillis() < 1) {
                o.get("per").problem("'per' must be at least 1ms");
            }
            int burst = limit == null ? 1 : limit;
            if (o.has("burst")) {
                Integer b = o.get("burst").integer(1, 1_000_000_000);
                burst = b == null ? burst : b;
            }
            List<String> key = keyParts(o);
            return limit == null ? null : new Spec(limit, per, burst, key, o.bool("shared", false));
        }
    };

    /** key: client | route | destination | header:NAME, or a list of them; default client. */
    static List<String> keyParts(YObject o) {
        YNode n = o.get("key");
        List<YNode> items = n == null ? List.of() : n.isScalar() ? List.of(n) : n.list();
        List<String> out = new ArrayList<>();
        for (YNode item : items == null ? List.<YNode>of() : items) {
            String k = item.text();
            if (k == null) {
                continue;
            }
            if (k.equals("client") || k.equals("route") || k.equals("destination")
                    || (k.startsWith("header:") && dev.portcullis.policies.headers.HeaderNames.isValid(k.substring(7)))) {
                out.add(k);
            } else {
                item.problem("invalid key '" + k + "'; use client, route, destination or header:NAME (or a list of them)");
            }
        }
        return out.isEmpty() ? List.of("client") : List.copyOf(out);
    }
}
