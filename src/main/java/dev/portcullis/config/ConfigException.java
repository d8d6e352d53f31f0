package dev.portcullis.config;

import java.util.List;

/** Thrown when a config cannot be used; carries every problem found, not just the first. */
public final class ConfigException extends Exception {
    private final String source;
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(source + ": " + problems.size() + " problem(s) in the config");
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() { return source; }

    public List<ConfigProblem> problems() { return problems; }

    /** Human-readable report, one problem a line, prefixed with the file name. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(source).append(": invalid config (").append(problems.size()).append(" problem")
                .append(problems.size() == 1 ? "" : "s").append(")\n");
        for (ConfigProblem p : problems) {
            out.append("  ").append(source).append(':').append(p).append('\n');
        }
        return out.toString();
    }
}
