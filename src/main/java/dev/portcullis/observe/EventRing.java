package dev.portcullis.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The most recent audit records, for the admin API's event list and the dashboard. */
public final class EventRing {
    private final ExchangeRecord[] ring;
    private long next;

    public EventRing(int capacity) { this.ring = new ExchangeRecord[Math.max(1, capacity)]; }

    public synchronized void add(ExchangeRecord r) {
        ring[(int) (next++ % ring.length)] = r;
    }

    /** Up to limit records that pass the filter, newest first. */
    public synchronized List<ExchangeRecord> recent(int limit, Predicate<ExchangeRecord> filter) {
        List<ExchangeRecord> out = new ArrayList<>();
        for (long i = next - 1; i >= 0 && i >= next - ring.length && out.size() < limit; i--) {
            ExchangeRecord r = ring[(int) (i % ring.length)];
            if (filter.test(r)) {
                out.add(r);
            }
        }
        return out;
    }
}
