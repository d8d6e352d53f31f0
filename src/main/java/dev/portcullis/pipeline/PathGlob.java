package dev.portcullis.pipeline;

import java.util.List;

/**
 * A compiled path pattern: '*' matches within one segment, '**' matches any number of whole segments
 * (a trailing '/**' also matches the bare parent). Matching is dynamic programming over segments and
 * characters, so its cost is bounded by pattern size times path size, whatever the input.
 */
public final class PathGlob {
    private final String pattern;
    private final String[] segments;

    private PathGlob(String pattern) {
        this.pattern = pattern;
        this.segments = pattern.substring(1).split("/", -1);
    }

    public static PathGlob compile(String pattern) { return new PathGlob(pattern); }

    public static boolean anyMatches(List<PathGlob> globs, String path) {
        for (PathGlob g : globs) {
            if (g.matches(path)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        String[] parts = path.substring(1).split("/", -1);
        int n = segments.length;
        int m = parts.length;
        // can[i][j]: pattern segments from i on match path segments from j on
        boolean[][] can = new boolean[n + 1][m + 1];
        can[n][m] = true;
        for (int i = n - 1; i >= 0; i--) {
            boolean doubleStar = segments[i].equals("**");
            for (int j = m; j >= 0; j--) {
                can[i][j] = doubleStar
                        ? can[i + 1][j] || (j < m && can[i][j + 1])
                        : j < m && segmentMatches(segments[i], parts[j]) && can[i + 1][j + 1];
            }
        }
        return can[0][0] || bareParent(parts);
    }

    /** "/a/**" matches "/a" (the parent itself). */
    private boolean bareParent(String[] parts) {
        int n = segments.length;
        if (n < 2 || !segments[n - 1].equals("**") || parts.length != n - 1) {
            return false;
        }
        for (int i = 0; i < n - 1; i++) {
            if (!segmentMatches(segments[i], parts[i])) {
                return false;
            }
        }
        return true;
    }

    /** '*' within one segment: classic two-pointer wildcard matching, linear in practice. */
    static boolean segmentMatches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override public String toString() { return pattern; }
}
