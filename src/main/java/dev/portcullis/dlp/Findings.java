package dev.portcullis.dlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a scan found, counted per detector and location (never the values). Locations are "body",
 * "body:$.customer.card" (JSON), "body:card" (form field or multipart part), "query:ssn" and
 * "header:x-note". Kept in the order found; at most {@link #MAX_LOCATIONS} distinct entries, the rest
 * counted under their detector at "body".
 */
public final class Findings {
    public static final int MAX_LOCATIONS = 64;

    /** One audit entry: a detector, where, how many times. */
    public record Hit(String detector, String location, int count) {}

    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private final Map<String, String[]> keys = new LinkedHashMap<>();
    private int total;

    public void add(String detector, String location) {
        String key = detector + '\u0000' + location;
        int[] c = counts.get(key);
        if (c == null && counts.size() >= MAX_LOCATIONS) {
            // over the cap: counted under the detector's catch-all for that part (at most a few entries more)
            location = location.startsWith("body") ? "body" : location.substring(0, location.indexOf(':') + 1) + "*";
            key = detector + '\u0000' + location;
            c = counts.get(key);
        }
        if (c == null) {
            c = new int[1];
            counts.put(key, c);
            keys.put(key, new String[] {detector, location});
        }
        c[0]++;
        total++;
    }

    /** Adds everything other found (a sub-scan that succeeded). */
    public void addAll(Findings other) { addAll(other, UnaryOperator.identity()); }

    /** Adds everything other found, each at the location relocate makes of its own (a part of a body). */
    public void addAll(Findings other, UnaryOperator<String> relocate) {
        other.counts.forEach((k, c) -> {
            String[] dl = other.keys.get(k);
            String location = relocate.apply(dl[1]);
            for (int i = 0; i < c[0]; i++) {
                add(dl[0], location);
            }
        });
    }

    public boolean isEmpty() { return total == 0; }

    public int total() { return total; }

    public List<Hit> hits() {
        List<Hit> out = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> out.add(new Hit(keys.get(k)[0], keys.get(k)[1], c[0])));
        return out;
    }

    /** For messages: "credit-card at body:$.card (2), us-ssn at query:ssn" (first five). */
    public String summary() {
        StringBuilder b = new StringBuilder();
        List<Hit> hits = hits();
        for (int i = 0; i < hits.size() && i < 5; i++) {
            Hit h = hits.get(i);
            b.append(i == 0 ? "" : ", ").append(h.detector()).append(" at ").append(h.location());
            if (h.count() > 1) {
                b.append(" (").append(h.count()).append(')');
            }
        }
        if (hits.size() > 5) {
            b.append(" and ").append(hits.size() - 5).append(" more");
        }
        return b.toString();
    }
}
