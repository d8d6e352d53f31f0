package dev.portcullis.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Every metric the gateway exports, named in this one file. */
public final class Metrics {
    public static final String REQUESTS = "portcullis.requests";
    public static final String REQUEST_DURATION = "portcullis.request.duration";
    public static final String REPORTED = "portcullis.reported";
    public static final String RELOADS = "portcullis.config.reloads";
    public static final String AUDIT_PENDING = "portcullis.audit.pending";
    public static final String ACTIVE = "portcullis.requests.active";

    private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String instance;

    public Metrics(String instance) { this.instance = instance; }

    public void gauges(Supplier<Number> auditPending, Supplier<Number> active) {
        Gauge.builder(AUDIT_PENDING, auditPending).description("audit records waiting to be written")
                .tag("instance", instance).register(registry);
        Gauge.builder(ACTIVE, active).description("calls in flight").tag("instance", instance).register(registry);
    }

    /** The tags of one request counter; meters are looked up by it so a call allocates no Tags. */
    private record RequestKey(String route, String decision, String error, String status, String client, String kind) {}

    private record TimerKey(String route, String decision) {}

    private record DlpKey(String route, String detector, String action, String direction) {}

    private record ReportedKey(String route, String policy, String error) {}

    private final Map<RequestKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<DlpKey, Counter> dlpFindings = new ConcurrentHashMap<>();
    private final Map<ReportedKey, Counter> reportedDenials = new ConcurrentHashMap<>();

    /** Counts a finished call and its latency. */
    public void record(ExchangeRecord r) {
        String route = r.route() == null ? "none" : r.route();
        String status = r.status() == 0 ? "none" : STATUS_CLASSES[Math.min(r.status() / 100, 5)];
        RequestKey key = new RequestKey(route, r.decision(), r.error() == null ? "none" : r.error(), status,
                r.client() == null ? "anonymous" : r.client(), r.kind() == null ? "none" : r.kind());
        counters.computeIfAbsent(key, k -> Counter.builder(REQUESTS).description("calls by route, decision, error and status class")
                .tags("instance", instance, "route", k.route(), "decision", k.decision(), "error", k.error(), "status", k.status(),
                        "client", k.client(), "kind", k.kind())
                .register(registry)).increment();
        timers.computeIfAbsent(new TimerKey(route, r.decision()), k -> Timer.builder(REQUEST_DURATION)
                .description("time from request head to the end of the response")
                .tags("instance", instance, "route", k.route(), "decision", k.decision())
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)).record(r.durationMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
        for (ExchangeRecord.Dlp d : r.dlp()) {
            DlpKey dk = new DlpKey(route, d.detector(), d.action(), d.direction() == null ? "request" : d.direction());
            dlpFindings.computeIfAbsent(dk, k -> Counter.builder("portcullis.dlp.findings")
                    .description("sensitive data found, by detector and what was done")
                    .tags("instance", instance, "route", k.route(), "detector", k.detector(), "action", k.action(),
                            "direction", k.direction())
                    .register(registry)).increment(d.count());
        }
        for (ExchangeRecord.Reported rep : r.reported()) {
            reportedDenials.computeIfAbsent(new ReportedKey(route, rep.policy(), rep.error()), k -> Counter.builder(REPORTED)
                    .description("denials that report mode let pass")
                    .tags("instance", instance, "route", k.route(), "policy", k.policy(), "error", k.error())
                    .register(registry)).increment();
        }
    }

    /** A value a policy keeps (quota usage), read when Prometheus scrapes. */
    public void policyGauge(String metric, String policy, String key, Supplier<Number> value) {
        Gauge.builder(metric, value).description("a policy's current value, e.g. quota usage")
                .tags("instance", instance, "policy", policy, "key", key).register(registry);
    }

    /** Events policies report (circuit state changes, ...). */
    public void policyEvent(String policy, String event) {
        Counter.builder("portcullis.policy.events").description("events reported by policies, e.g. circuit state changes")
                .tags("instance", instance, "policy", policy, "event", event).register(registry).increment();
    }

    public void reload(boolean ok) {
        Counter.builder(RELOADS).description("config reloads by result").tags("instance", instance, "result", ok ? "ok" : "invalid")
                .register(registry).increment();
    }

    public String scrape() { return registry.scrape(); }
}
