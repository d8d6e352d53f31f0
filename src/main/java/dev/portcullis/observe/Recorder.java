package dev.portcullis.observe;

/** Where a finished exchange goes: audit log (which keeps the recent events too) and metrics, in that order. */
public final class Recorder {
    private final String instance;
    private final AuditLog audit;
    private final Metrics metrics;

    public Recorder(String instance, AuditLog audit, Metrics metrics) {
        this.instance = instance;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** Finishes the exchange and records it; a second call for the same exchange does nothing. */
    public void finish(Exchange exchange) {
        ExchangeRecord r = exchange.finish(instance);
        if (r == null) {
            return;
        }
        audit.append(r);
        metrics.record(r);
    }

    public AuditLog audit() { return audit; }

    public EventRing events() { return audit.events(); }

    public Metrics metrics() { return metrics; }
}
