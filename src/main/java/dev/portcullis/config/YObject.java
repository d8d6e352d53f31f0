package dev.portcullis.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** A YAML mapping with known keys, and typed getters that fall back to defaults when a key is absent. */
public final class YObject {
    private final YNode self;
    private final Map<String, YNode> values;

    YObject(YNode self, Map<String, YNode> values) {
        this.self = self;
        this.values = values;
    }

    public YNode node() { return self; }

    public boolean has(String key) { return values.containsKey(key) && !values.get(key).isNull(); }

    /**
     * Was something written for key: present and not null, an empty list or an empty mapping? (Whether it is
     * valid is for its own parser to say.)
     */
    public boolean written(String key) { return values.containsKey(key) && !values.get(key).isEmpty(); }

    /** The value node, or null when absent or written as null. */
    public YNode get(String key) {
        YNode n = values.get(key);
        return n == null || n.isNull() ? null : n;
    }

    public String string(String key, String fallback) {
        YNode n = get(key);
        if (n == null) {
            return fallback;
        }
        String t = n.text();
        if (t != null && SecretResolver.hasReference(t)) {
            n.problem("secret references are not allowed here; only credential and header values may use ${env:..} or ${file:..}");
            return fallback;
        }
        return t == null ? fallback : t;
    }

    public String required(String key) {
        if (get(key) == null) {
            self.problem("missing required key '" + key + "'");
            return null;
        }
        return string(key, null);
    }

    public boolean bool(String key, boolean fallback) {
        YNode n = get(key);
        Boolean b = n == null ? null : n.bool();
        return b == null ? fallback : b;
    }

    public Duration duration(String key, Duration fallback) {
        YNode n = get(key);
        if (n == null) {
            return fallback;
        }
        String t = n.text();
        Duration d = t == null ? null : Units.parseDuration(t);
        if (d == null && t != null) {
            n.problem("invalid duration '" + t + "'; write a number with a unit: 250ms, 5s, 2m, 1h");
        }
        return d == null ? fallback : d;
    }

    public long size(String key, long fallback) {
        YNode n = get(key);
        if (n == null) {
            return fallback;
        }
        String t = n.text();
        long s = t == null ? -1 : Units.parseSize(t);
        if (s < 0 && t != null) {
            n.problem("invalid size '" + t + "'; write bytes or a number with a unit: 512KiB, 10MiB, 1GiB");
        }
        return s < 0 ? fallback : s;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        YNode n = get(key);
        if (n == null) {
            return fallback;
        }
        String t = n.text();
        if (t == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        n.problem("invalid value '" + t + "'; expected one of " + String.join(" | ", names));
        return fallback;
    }

    /** A list of scalars, each converted by parse (which reports its own problems and returns null). */
    public <T> List<T> list(String key, Function<YNode, T> parse) {
        YNode n = get(key);
        if (n == null) {
            return List.of();
        }
        List<YNode> items = n.list();
        if (items == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (YNode item : items) {
            T v = parse.apply(item);
            if (v != null) {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    public List<String> strings(String key) {
        return list(key, YNode::text);
    }

    public YObject object(String key, java.util.Set<String> allowed) {
        YNode n = get(key);
        return n == null ? null : n.object(allowed);
    }
}
