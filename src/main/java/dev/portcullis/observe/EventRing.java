package dev.portcullis.observe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The most recent audit records, for the admin API's event list and the dashboard, each kept as the line
 * the audit log wrote for it: one array per record, not the record's few dozen objects, which every
 * young collection would otherwise copy while they wait here (at the default thousand, most of what it
 * copied under load). Filled by the audit writer, so a record is here once its line is written.
 */
public final class EventRing {
    /** One record: what the event list filters on, and its audit line (UTF-8 JSON, no newline). */
    public record Event(String decision, String route, byte[] json) {
        public String jsonText() { return new String(json, StandardCharsets.UTF_8); }
    }

    private final Event[] ring;
    private long next;

    /** Keeps the last capacity records; none at 0. */
    public EventRing(int capacity) { this.ring = new Event[Math.max(0, capacity)]; }

    /** Whether records are kept at all (the audit writer then makes no copy of each line). */
    public boolean keeps() { return ring.length > 0; }

    public synchronized void add(String decision, String route, byte[] json) {
        if (ring.length > 0) {
            ring[(int) (next++ % ring.length)] = new Event(decision, route, json);
        }
    }

    /** Up to limit records that pass the filter, newest first. */
    public synchronized List<Event> recent(int limit, Predicate<Event> filter) {
        List<Event> out = new ArrayList<>();
        for (long i = next - 1; i >= 0 && i >= next - ring.length && out.size() < limit; i--) {
            Event e = ring[(int) (i % ring.length)];
            if (filter.test(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
