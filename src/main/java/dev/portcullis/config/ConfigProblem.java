package dev.portcullis.config;

/** One thing wrong with a config file: where it is (YAML path, 1-based line:column) and what to do. */
public record ConfigProblem(String path, int line, int column, String message) {
    @Override
    public String toString() {
        return (line > 0 ? line + ":" + column + " " : "") + path + ": " + message;
    }
}
