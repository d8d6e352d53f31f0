package dev.portcullis.dlp;

import dev.portcullis.policy.BodyEdit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a finding is replaced: by the replacement text ("{detector}" stands for the detector's name;
 * default "[REDACTED:{detector}]"), or, with keepLast N, by '*' for all but its last N characters. A
 * private key block is always replaced whole by the replacement text. The replacement is printable
 * ASCII (checked at config load), so it reads the same in a header, a URL and a body of any charset.
 */
public record Redaction(String replacement, int keepLast) {
    public static final String DEFAULT_REPLACEMENT = "[REDACTED:{detector}]";
    public static final Redaction DEFAULT = new Redaction(DEFAULT_REPLACEMENT, 0);

    /** s with each finding (in order, not overlapping) replaced. */
    public String apply(String s, List<Finding> findings) {
        StringBuilder b = new StringBuilder(s.length() + 16 * findings.size());
        int at = 0;
        for (Finding f : findings) {
            b.append(s, at, f.start());
            b.append(replace(s.substring(f.start(), f.end()), f));
            at = f.end();
        }
        return b.append(s, at, s.length()).toString();
    }

    /**
     * The edits that replace each finding in latin1[offset, ...) scanned as ISO-8859-1 text (one char per byte):
     * applied, the same result as {@link #apply(String, List)} on that text, without copying the text.
     */
    List<BodyEdit> edits(byte[] latin1, int offset, List<Finding> findings) {
        List<BodyEdit> edits = new ArrayList<>(findings.size());
        for (Finding f : findings) { // f is relative to offset, and so are the edits
            String value = new String(latin1, offset + f.start(), f.end() - f.start(), StandardCharsets.ISO_8859_1);
            edits.add(new BodyEdit(f.start(), f.end(), replace(value, f).getBytes(StandardCharsets.ISO_8859_1)));
        }
        return edits;
    }

    /** What replaces one finding whose text is value. */
    String replace(String value, Finding f) {
        if (keepLast > 0 && !f.wholeBlock()) {
            int keep = Math.min(keepLast, value.length() / 2); // never reveal most of a short value
            return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
        }
        return replacement.replace("{detector}", f.detector());
    }
}
