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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * quota: at most `limit` calls per calendar day or month (in `timezone`) per key: the API budget a
 * company pays for. Beyond it, 429 quota_exceeded with Retry-After to the end of the period. Usage is
 * shown by the admin API (GET /api/v1/quotas) and the metric portcullis_quota_used.
 */
public final class QuotaPolicy implements Policy, dev.portcullis.policy.UsageReport {
    public enum Period { DAY, MONTH }

    /** One key's count in one period. */
    private record Window(long start, long end, java.util.concurrent.atomic.AtomicLong used) {}

    private final String name;
    private final Spec spec;
    private final PolicyContext context;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    QuotaPolicy(String name, Spec spec, PolicyContext context) {
        this.name = name;
        this.spec = spec;
        this.context = context;
    }

    @Override public String type() { return "quota"; }

    @Override
    public CompletionStage<Verdict> onRequest(RequestView call) {
        String key = RateLimitPolicy.keyOf(spec.key(), call);
        long now = context.clock().millis();
        Window w = windows.compute(key, (k, old) -> old != null && now < old.end() ? old : open(now, k));
        dev.portcullis.policy.SharedStore store = spec.shared() ? context.store() : null;
        if (store == null) {
            return decideLocally(w, key, now);
        }
        return store.quota(name + ":" + key, spec.limit(), w.end())
                .orTimeout(context.storeTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((r, error) -> {
                    if (error == null) {
                        w.used().set(r[1]); // the cluster's count, for the admin API and the metric
                        return r[0] == 1 ? Verdict.CONTINUE : refusal(w, key, context.clock().millis());
                    }
                    call.markStoreFailure();
                    context.countEvent(name, "store_failure");
                    return context.allowOnStoreFailure() ? decideLocally(w, key, now).toCompletableFuture().join()
                            : new Verdict.Deny(ErrorCode.QUOTA_EXCEEDED, "the shared store is unreachable and policy '" + name
                                    + "' refuses calls then (onStoreFailure: deny)", Map.of("Retry-After", "1"));
                });
    }

    private CompletionStage<Verdict> decideLocally(Window w, String key, long now) {
        long used = w.used().incrementAndGet();
        if (used <= spec.limit()) {
            return Verdict.PROCEED;
        }
        w.used().decrementAndGet(); // refused calls don't count
        return java.util.concurrent.CompletableFuture.completedFuture(refusal(w, key, now));
    }

    private Verdict refusal(Window w, String key, long now) {
        long seconds = Math.max(1, (w.end() - now + 999) / 1000);
        return new Verdict.Deny(ErrorCode.QUOTA_EXCEEDED, "quota of " + spec.limit() + " calls per " + spec.period().name().toLowerCase()
                + " used up for " + key + " (policy '" + name + "'); it renews at " + Instant.ofEpochMilli(w.end()),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    private Window open(long now, String key) {
        ZonedDateTime t = Instant.ofEpochMilli(now).atZone(spec.timezone());
        ZonedDateTime start = spec.period() == Period.DAY ? t.truncatedTo(ChronoUnit.DAYS)
                : t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        ZonedDateTime end = spec.period() == Period.DAY ? start.plusDays(1) : start.plusMonths(1);
        Window w = new Window(start.toInstant().toEpochMilli(), end.toInstant().toEpochMilli(), new java.util.concurrent.atomic.AtomicLong());
        context.gauge("portcullis.quota.used", name, key, () -> current(key));
        return w;
    }

    private long current(String key) {
        Window w = windows.get(key);
        return w == null || context.clock().millis() >= w.end() ? 0 : w.used().get();
    }

    @Override
    public List<Map<String, Object>> usage() {
        List<Map<String, Object>> out = new ArrayList<>();
        long now = context.clock().millis();
        windows.forEach((key, w) -> {
            Map<String, Object> u = new TreeMap<>();
            u.put("policy", name);
            u.put("key", key);
            u.put("period", spec.period().name().toLowerCase());
            u.put("limit", spec.limit());
            u.put("used", now < w.end() ? w.used().get() : 0);
            u.put("resetsAt", Instant.ofEpochMilli(w.end()).toString());
            out.add(u);
        });
        return out;
    }

    public record Spec(long limit, Period period, ZoneId timezone, List<String> key, boolean shared) implements PolicySpec {
        @Override public Policy create(String name, PolicyContext context) { return new QuotaPolicy(name, this, context); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("limit", "period", "timezone", "key", "shared"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            Integer limit = o.has("limit") ? o.get("limit").integer(1, Integer.MAX_VALUE) : null;
            if (!o.has("limit")) {
                o.node().problem("missing required key 'limit': calls allowed per period");
            }
            if (!o.has("period")) {
                o.node().problem("missing required key 'period': day or month");
            }
            ZoneId zone = ZoneId.of("UTC");
            String tz = o.string("timezone", null);
            if (tz != null) {
                try {
                    zone = ZoneId.of(tz);
                } catch (java.time.DateTimeException e) {
                    o.get("timezone").problem("unknown timezone '" + tz + "'; use an IANA name such as Europe/Paris or UTC");
                }
            }
            return limit == null ? null : new Spec(limit, o.enumValue("period", Period.class, Period.DAY), zone,
                    RateLimitPolicy.keyParts(o), o.bool("shared", false));
        }
    };
}
