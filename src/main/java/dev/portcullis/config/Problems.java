package dev.portcullis.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems while a config is read, so that all of them are reported at once. */
public final class Problems {
    private final List<ConfigProblem> list = new ArrayList<>();

    public void add(String path, int line, int column, String message) {
        list.add(new ConfigProblem(path, line, column, message));
    }

    public void add(YNode at, String message) {
        add(at.path(), at.line(), at.column(), message);
    }

    public boolean isEmpty() { return list.isEmpty(); }

    public List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return copy;
    }
}
