package dev.portcullis.dlp;

import dev.portcullis.policy.BodyEdit;
import dev.portcullis.policy.MediaTypes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Scans the parts of a call a dlp policy looks at: a decoded body by its media type (JSON value by
 * value, form fields, multipart parts, anything else as text), query values and header values. Each
 * method records findings and, given a redaction, returns the redacted form (null when unchanged).
 * Immutable; one per policy.
 */
public final class DlpScanner {
    private static final String FORM = "application/x-www-form-urlencoded";

    private final TextScanner text;
    private final boolean jsonKeys;
    private final boolean prefilter;

    public DlpScanner(TextScanner text, boolean jsonKeys) {
        this(text, jsonKeys, true);
    }

    /**
     * How bodies are searched for candidates before the scan: "vector (64 bytes)" (SIMD; the JVM was
     * started with --add-modules jdk.incubator.vector, as the launcher does) or "scalar (...)".
     */
    public static String prefilterEngine() {
        return Candidates.engine();
    }

    /** Every value scanned, candidates or not: what the prefilter is measured and tested against. */
    public static DlpScanner withoutPrefilter(TextScanner text, boolean jsonKeys) {
        return new DlpScanner(text, jsonKeys, false);
    }

    private DlpScanner(TextScanner text, boolean jsonKeys, boolean prefilter) {
        this.text = text;
        this.jsonKeys = jsonKeys;
        this.prefilter = prefilter;
    }

    /**
     * A decoded body. JSON that does not parse is scanned as text with its escapes decoded, so malformed
     * JSON is no way past. Returns the body redacted, or null when unchanged or not redacting.
     */
    public byte[] body(byte[] body, String contentType, Redaction redaction, Findings out) {
        List<BodyEdit> edits = edits(body, contentType, redaction, out);
        return edits == null ? null : BodyEdit.apply(body, edits);
    }

    /**
     * As {@link #body}, but returns the edits that redact the body (null when none): JSON and text bodies
     * are redacted in place, so everything between the findings can be sent on from where it is.
     */
    public List<BodyEdit> edits(byte[] body, String contentType, Redaction redaction, Findings out) {
        String type = MediaTypes.essence(contentType);
        if (MediaTypes.isJson(contentType)) {
            return json(body, redaction, out);
        }
        if (type.equals(FORM)) {
            return FormData.scan(body, "body:", text, redaction, out);
        }
        if (type.startsWith("multipart/")) {
            String boundary = Multipart.boundary(contentType);
            Findings parts = new Findings();
            List<BodyEdit> edits = boundary == null ? null : Multipart.scan(body, boundary, this, redaction, parts);
            if (!parts.isEmpty() || edits != null) {
                out.addAll(parts);
                return edits;
            }
        }
        return textBody(body, body.length, redaction, out);
    }

    /**
     * As {@link #edits(byte[], String, Redaction, Findings)} for a body held where it arrived: the remaining
     * bytes of pieces, in order (read-only, positions not moved). A JSON or text body up to
     * {@link Candidates#REUSED_BYTES} is read from this thread's reused copy of it: no array is allocated
     * for it. Any other (forms and multipart bodies are read part by part) is made an array by copy.
     */
    public List<BodyEdit> edits(List<ByteBuffer> pieces, Supplier<byte[]> copy, String contentType, Redaction redaction,
            Findings out) {
        String type = MediaTypes.essence(contentType);
        boolean json = MediaTypes.isJson(contentType);
        boolean text = !json && !type.equals(FORM) && !type.startsWith("multipart/");
        int length = lengthOf(pieces);
        if ((json || text) && length <= Candidates.REUSED_BYTES) {
            byte[] bytes = Candidates.scratchCopy(pieces, length);
            return json ? json(bytes, length, redaction, out) : textBody(bytes, length, redaction, out);
        }
        return edits(copy.get(), contentType, redaction, out);
    }

    /** The bytes remaining in pieces, in all. */
    public static int lengthOf(List<ByteBuffer> pieces) {
        long length = 0;
        for (ByteBuffer piece : pieces) {
            length += piece.remaining();
        }
        return Math.toIntExact(length);
    }

    /** A JSON document, value by value; as text, escapes decoded, when it does not parse. */
    List<BodyEdit> json(byte[] body, Redaction redaction, Findings out) {
        return json(body, body.length, redaction, out);
    }

    /** {@link #json(byte[], Redaction, Findings)} of b[0, length). The edits do not refer to b: it may be a thread's copy. */
    private List<BodyEdit> json(byte[] b, int length, Redaction redaction, Findings out) {
        Candidates candidates = prefilters(b, 0, length) && JsonText.wideEncoding(b, length) == null
                ? Candidates.find(b, 0, length) : null;
        if (candidates != null && candidates.none() && !candidates.escapes()) {
            return null; // valid JSON or not, no detector can find anything in these bytes
        }
        try {
            return JsonBody.edits(b, length, text, jsonKeys, redaction, out, candidates); // adds to out only once read whole
        } catch (JsonBody.Malformed notJson) {
            // scanned as text, escapes decoded (what a lenient parser upstream would read); redacted, that text is sent
            byte[] body = b.length == length ? b : Arrays.copyOf(b, length); // rare: the copy keeps what follows simple
            byte[] unescaped = JsonText.unescaped(body);
            if (unescaped == null) {
                return scanText(body, length, redaction, out); // not ruled out by the search above: scanned whole
            }
            List<BodyEdit> edits = scanText(unescaped, unescaped.length, redaction, out);
            return edits == null ? null : BodyEdit.whole(body, BodyEdit.apply(unescaped, edits));
        }
    }

    /**
     * Free text in b[off, off + len) (one part of a multipart body, say), found into found; not scanned when
     * the prefilter finds no candidate in it. Returns the edits that redact it (positions relative to off),
     * or null when unchanged or not redacting.
     */
    List<BodyEdit> text(byte[] b, int off, int len, String field, TextScanner.ScanState state, Redaction redaction,
            List<Finding> found) {
        found.clear();
        state.field(field);
        if (nothingToFind(b, off, len)) {
            return null;
        }
        text.scan(b, off, len, state, found);
        return redaction == null || found.isEmpty() ? null : redaction.edits(b, off, found);
    }

    /**
     * Can values of b[off, off + len) without a candidate be passed over? Only built-in detectors can
     * match in them: custom ones need a literal these bytes lack. A string with escapes is scanned whole
     * whatever its marks, so a literal spelled with escapes is still found.
     */
    private boolean prefilters(byte[] b, int off, int len) {
        return prefilter && text.onlyBuiltinsCanMatch(b, off, len);
    }

    /** Text b[off, off + len), read as the bytes it is: has the prefilter ruled out every finding in it? */
    private boolean nothingToFind(byte[] b, int off, int len) {
        if (!prefilters(b, off, len)) {
            return false;
        }
        Candidates candidates = Candidates.any(b, off, len);
        return candidates != null && candidates.none();
    }

    /** The whole body, b[0, length), as text; not scanned when the prefilter finds no candidate in it. */
    private List<BodyEdit> textBody(byte[] b, int length, Redaction redaction, Findings out) {
        if (nothingToFind(b, 0, length)) {
            return null;
        }
        return scanText(b, length, redaction, out);
    }

    /** b[0, length) scanned whole as text. */
    private List<BodyEdit> scanText(byte[] b, int length, Redaction redaction, Findings out) {
        List<Finding> found = new ArrayList<>(0);
        text.scan(b, 0, length, new TextScanner.ScanState(), found); // the bytes as they are: no copy
        found.forEach(f -> out.add(f.detector(), "body"));
        return redaction == null || found.isEmpty() ? null : redaction.edits(b, 0, found);
    }

    /** A raw query string; returns it redacted (re-encoded), or null when unchanged or not redacting. */
    public String query(String raw, Redaction redaction, Findings out) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        byte[] bytes = Latin1Text.bytesOf(raw); // a request line is ISO-8859-1: one byte per char
        List<BodyEdit> edits = FormData.scan(bytes, "query:", text, redaction, out);
        return edits == null ? null : new String(BodyEdit.apply(bytes, edits), StandardCharsets.ISO_8859_1);
    }

    /** One header value; returns it redacted, or null when unchanged or not redacting. */
    public String header(String name, String value, Redaction redaction, Findings out) {
        List<Finding> found = new ArrayList<>(0);
        text.scan(value, name, new TextScanner.ScanState(), found);
        String location = "header:" + name.toLowerCase(Locale.ROOT);
        found.forEach(f -> out.add(f.detector(), location));
        return redaction == null || found.isEmpty() ? null : redaction.apply(value, found);
    }

}
