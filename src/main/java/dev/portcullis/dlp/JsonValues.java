package dev.portcullis.dlp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.portcullis.policy.BodyEdit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a JSON reader hands each key and value to: the path it is at, the scan of each token that may hold
 * something (one compare against the next candidate passes over the rest), the findings by JSONPath, and
 * the edits that redact them. The reader ({@link JsonBody}) only reads the grammar.
 */
final class JsonValues {
    private static final byte[] QUOTE = {'"'};

    private final byte[] b;
    private final TextScanner scanner;
    private final boolean keys;
    private final Redaction redaction;
    private final List<String> hits = new ArrayList<>(0); // detector, location, detector, location, ... in the order found
    final JsonPath path;
    private final TextScanner.ScanState state = new TextScanner.ScanState();
    private final List<Finding> found = new ArrayList<>(0);
    private final List<BodyEdit> edits = new ArrayList<>(0);
    private final int minLength;
    private final Candidates candidates; // null: scan every value
    private int nextCandidate = -1; // the first candidate at or after the last token looked at (when candidates)

    JsonValues(byte[] b, TextScanner scanner, boolean keys, Redaction redaction, Candidates candidates) {
        this.b = b;
        this.scanner = scanner;
        this.keys = keys;
        this.redaction = redaction;
        this.candidates = candidates;
        this.path = new JsonPath(b);
        this.minLength = scanner.minLength();
    }

    /**
     * The key [start, end) (quotes included) of the current object: its content b[contentStart, contentEnd),
     * or decoded when it had escapes. Scanned when keys are.
     */
    void key(int start, int end, int contentStart, int contentEnd, String decoded) {
        path.key(contentStart, contentEnd, decoded);
        if (keys) {
            inspect(start, end, contentStart, contentEnd, decoded, false, true);
        }
    }

    /** A string or number value [start, end), its content as for {@link #key}. */
    void value(int start, int end, int contentStart, int contentEnd, String decoded, boolean number) {
        inspect(start, end, contentStart, contentEnd, decoded, number, false);
    }

    /** The edits made, in order (empty when nothing was redacted). */
    List<BodyEdit> edits() { return edits; }

    /** Adds what was found to out (once the body has been read through: a read started again adds nothing twice). */
    void reportTo(Findings out) {
        for (int i = 0; i < hits.size(); i += 2) {
            out.add(hits.get(i), hits.get(i + 1));
        }
    }

    private void inspect(int start, int end, int contentStart, int contentEnd, String decoded, boolean number, boolean key) {
        if (candidates == null || decoded != null) { // a string with escapes: its bytes are not what is scanned
            scan(start, end, contentStart, contentEnd, decoded, number, key);
            return;
        }
        // no detector could find anything in a token without a candidate: most are passed over with one
        // compare against the next candidate (tokens come in order, so it only moves forward)
        if (nextCandidate < contentStart) {
            nextCandidate = candidates.next(contentStart);
        }
        if (nextCandidate < contentEnd) {
            scan(start, end, contentStart, contentEnd, decoded, number, key);
        }
    }

    /** {@link #inspect}, past the prefilter: kept apart so that the check above is inlined into the reader's loop. */
    private void scan(int start, int end, int contentStart, int contentEnd, String decoded, boolean number, boolean key) {
        found.clear();
        if (!key) {
            path.field(state);
        } else if (decoded != null) { // a key is scanned as its own field
            state.field(decoded);
        } else {
            state.field(b, contentStart, contentEnd);
        }
        if (decoded != null) {
            if (decoded.length() >= minLength) {
                byte[] text = Latin1Text.bytesOf(decoded); // as the scanner reads any String
                scanner.scan(text, 0, text.length, state, found);
            }
        } else if (contentEnd - contentStart >= minLength) {
            scanner.scan(b, contentStart, contentEnd - contentStart, state, found);
        }
        if (found.isEmpty()) {
            return;
        }
        String where = key ? path.keyLocation() : path.toString();
        // an audit entry stays small however deep or long-keyed the document
        String location = "body:" + (where.length() <= JsonBody.MAX_PATH ? where : where.substring(0, JsonBody.MAX_PATH) + "...");
        for (Finding f : found) {
            hits.add(f.detector());
            hits.add(location);
        }
        if (redaction == null) {
            return;
        }
        if (decoded != null) { // the whole string, decoded, redacted and quoted again
            edits.add(new BodyEdit(start, end, quoted(redaction.apply(decoded, found))));
            return;
        }
        if (number) {
            edits.add(new BodyEdit(start, start, QUOTE)); // a number that held a card becomes a string
        }
        for (Finding f : found) {
            int from = contentStart + f.start();
            int to = contentStart + f.end();
            String value = new String(b, from, to - from, StandardCharsets.UTF_8);
            edits.add(new BodyEdit(from, to, JsonStringEncoder.getInstance().quoteAsUTF8(redaction.replace(value, f))));
        }
        if (number) {
            edits.add(new BodyEdit(end, end, QUOTE));
        }
    }

    private static byte[] quoted(String s) {
        byte[] q = JsonStringEncoder.getInstance().quoteAsUTF8(s);
        byte[] out = new byte[q.length + 2];
        out[0] = '"';
        System.arraycopy(q, 0, out, 1, q.length);
        out[out.length - 1] = '"';
        return out;
    }
}
