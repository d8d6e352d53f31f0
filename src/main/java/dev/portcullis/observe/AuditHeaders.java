package dev.portcullis.observe;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The headers an audit record shows: lower-case names in the order first seen, a repeated header's values
 * joined with ", ". Immutable, held in one flat array of names and values: the audit writer reads every
 * record's headers on its own thread, long after the call, from memory no longer in any cache, and a map
 * (a table, an entry per header) cost it a cache miss per object.
 */
public final class AuditHeaders {
    /** Names that come in most calls, kept as these strings rather than one new lower-case copy per call. */
    private static final String[] COMMON = {"host", "content-type", "content-length", "user-agent", "accept",
        "accept-encoding", "connection", "date", "server", "transfer-encoding", "content-encoding", "authorization",
        "traceparent", "x-request-id"};

    public static final AuditHeaders NONE = new AuditHeaders(new String[0], 0);
    /** What a masked header (audit.redactHeaders) shows instead of its value. */
    static final String MASKED = "***";

    private final String[] pairs; // name, value, name, value, ...
    private final int size;

    private AuditHeaders(String[] pairs, int size) {
        this.pairs = pairs;
        this.size = size;
    }

    public int size() { return size; }

    public String name(int i) { return pairs[2 * i]; }

    public String value(int i) { return pairs[2 * i + 1]; }

    /** The value shown for a lower-case name, or null. */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : value(i);
    }

    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** These headers with the values in shown (lower-case names) instead, where a header is there and not masked ("***"). */
    AuditHeaders showing(Map<String, String> shown) {
        String[] out = Arrays.copyOf(pairs, 2 * size);
        shown.forEach((name, value) -> {
            int i = indexOf(name);
            if (i >= 0 && !MASKED.equals(out[2 * i + 1])) { // a masked header already hides the whole value
                out[2 * i + 1] = value;
            }
        });
        return new AuditHeaders(out, size);
    }

    /** As a map, in order (for tests and callers that want one; the audit writer reads the pairs). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(name(i), value(i));
        }
        return m;
    }

    @Override
    public String toString() { return asMap().toString(); }

    /** Collects headers as they are read (on one thread): names lower-cased, masked values shown as "***", repeats joined. */
    public static final class Builder {
        private final Set<String> masked;
        private String[] pairs = new String[16];
        private int size;

        /** masked: the lower-case names whose values the record hides (audit.redactHeaders). */
        public Builder(Set<String> masked) {
            this.masked = masked;
        }

        /** Adds a header, or joins its value to the one already there under the same name (any case). */
        public Builder add(CharSequence name, String value) {
            String lower = lowerCase(name);
            if (masked.contains(lower)) {
                value = MASKED;
            }
            for (int i = 0; i < size; i++) {
                if (pairs[2 * i].equals(lower)) {
                    pairs[2 * i + 1] = pairs[2 * i + 1] + ", " + value;
                    return this;
                }
            }
            if (2 * size == pairs.length) {
                pairs = Arrays.copyOf(pairs, 2 * pairs.length);
            }
            pairs[2 * size] = lower;
            pairs[2 * size + 1] = value;
            size++;
            return this;
        }

        public AuditHeaders build() {
            return size == 0 ? NONE : new AuditHeaders(Arrays.copyOf(pairs, 2 * size), size);
        }
    }

    /** The name in lower case: one of the common names' own strings when it is one. */
    static String lowerCase(CharSequence name) {
        for (String common : COMMON) {
            if (common.length() == name.length() && equalsIgnoreAsciiCase(common, name)) {
                return common;
            }
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean equalsIgnoreAsciiCase(String lower, CharSequence s) {
        for (int i = 0; i < lower.length(); i++) {
            char c = s.charAt(i);
            if (c != lower.charAt(i) && (c < 'A' || c > 'Z' || c + ('a' - 'A') != lower.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
