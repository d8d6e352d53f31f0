package dev.portcullis.explain;

import dev.portcullis.policy.MutableHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Headers of a hypothetical call: case-insensitive names, in a plain map. */
final class MapHeaders implements MutableHeaders {
    private final TreeMap<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    void add(String name, String value) { values.computeIfAbsent(name, n -> new ArrayList<>()).add(value); }

    @Override public String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override public List<String> getAll(String name) { return values.getOrDefault(name, List.of()); }

    @Override public boolean contains(String name) { return values.containsKey(name); }

    @Override public void set(String name, String value) { values.put(name, new ArrayList<>(List.of(value))); }

    @Override public void remove(String name) { values.remove(name); }

    @Override public java.util.Set<String> names() { return java.util.Set.copyOf(values.keySet()); }

    /** name -> joined value, sorted by name. */
    Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.forEach((k, v) -> out.put(k, String.join(", ", v)));
        return out;
    }
}
