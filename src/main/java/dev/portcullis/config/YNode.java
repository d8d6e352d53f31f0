package dev.portcullis.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node with its path (routes[0].prefix) and position. Typed accessors report a problem and
 * return null instead of throwing, so one pass over the file finds every mistake.
 */
public final class YNode {
    private final Node node;
    private final String path;
    private final Problems problems;

    YNode(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    public String path() { return path; }

    public int line() { return node.getStartMark().getLine() + 1; }

    public int column() { return node.getStartMark().getColumn() + 1; }

    public Problems problems() { return problems; }

    public boolean isScalar() { return node instanceof ScalarNode; }

    public boolean isNull() { return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL); }

    public void problem(String message) { problems.add(this, message); }

    /** The scalar text, or null (with a problem) when this is a list or a mapping. */
    public String text() {
        if (node instanceof ScalarNode s && !isNull()) {
            return s.getValue();
        }
        problem("expected a single value, found " + kind());
        return null;
    }

    public Boolean bool() {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT)) || s.getValue().equalsIgnoreCase("yes")
                    || s.getValue().equalsIgnoreCase("on");
        }
        problem("expected true or false, found " + describe());
        return null;
    }

    public Integer integer(int min, int max) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                int v = Integer.parseInt(s.getValue());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        problem("expected a whole number from " + min + " to " + max + ", found " + describe());
        return null;
    }

    /** Null, an empty list or an empty mapping: nothing written (checked without reporting anything). */
    public boolean isEmpty() {
        return isNull() || node instanceof SequenceNode seq && seq.getValue().isEmpty()
                || node instanceof MappingNode map && map.getValue().isEmpty();
    }

    public List<YNode> list() {
        if (node instanceof SequenceNode seq) {
            List<YNode> out = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                out.add(new YNode(seq.getValue().get(i), path + "[" + i + "]", problems));
            }
            return out;
        }
        problem("expected a list, found " + kind());
        return null;
    }

    /** A mapping whose keys are free (header names, ...): key node to value node, in order. */
    public Map<YNode, YNode> entries() {
        if (!(node instanceof MappingNode map)) {
            problem("expected a mapping (key: value), found " + kind());
            return null;
        }
        Map<YNode, YNode> out = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple t : map.getValue()) {
            YNode key = new YNode(t.getKeyNode(), path, problems);
            String name = key.text();
            if (name == null) {
                continue;
            }
            String childPath = path.isEmpty() ? name : path + "." + name;
            if (!seen.add(name)) {
                problems.add(childPath, key.line(), key.column(), "duplicate key '" + name + "'");
                continue;
            }
            out.put(new YNode(t.getKeyNode(), childPath, problems), new YNode(t.getValueNode(), childPath, problems));
        }
        return out;
    }

    /** A mapping with a fixed set of keys: an unknown key is a problem, never ignored. */
    public YObject object(Set<String> allowedKeys) {
        Map<YNode, YNode> entries = entries();
        if (entries == null) {
            return null;
        }
        Map<String, YNode> values = new LinkedHashMap<>();
        for (Map.Entry<YNode, YNode> e : entries.entrySet()) {
            String key = ((ScalarNode) e.getKey().node).getValue();
            if (!allowedKeys.contains(key)) {
                problems.add(e.getKey(), "unknown key '" + key + "'" + Suggest.closest(key, allowedKeys));
                continue;
            }
            values.put(key, e.getValue());
        }
        return new YObject(this, values);
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull() ? "nothing (null)" : "'" + ((ScalarNode) node).getValue() + "'";
    }

    String describe() { return kind(); }
}
