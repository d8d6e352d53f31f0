package dev.portcullis.dlp;

import dev.portcullis.policy.BodyEdit;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * JSON bodies, value by value (and keys, when asked), read straight from the bytes: each finding is
 * located by its JSONPath. A value without escapes (nearly all) is scanned where it lies in the body: no
 * String, no char copy. A value with escapes is decoded first, so "\u0034" is scanned as the digit it
 * stands for.
 *
 * <p>The reader is strict RFC 8259: UTF-8 (UTF-16 and UTF-32 are transcoded for it), escapes and UTF-8
 * validated, no comments, no trailing commas, no leading zeros. A sequence of top-level values (NDJSON)
 * is read too. What it refuses the caller scans as text, so strictness never lets anything through
 * unscanned. Redaction splices each replacement into the original bytes: everything else stays byte for
 * byte as sent and the result is valid JSON (a number that was a card becomes a string).
 */
final class JsonBody {
    /** Not JSON this reader accepts; the body is then scanned as text. Cheap: no stack trace. */
    static final class Malformed extends Exception {
        Malformed(String what, int at) { super(what + " at byte " + at, null, false, false); }
    }

    /**
     * Reading went over elements unread ({@link JsonStructure}) and then met a key with a candidate, which
     * is not scanned when keys are not: the body is read again, every element, so that what is a key is
     * decided by reading everything before it (a malformed body could make an unread stretch misplace it).
     */
    private static final class ReadAgain extends Exception {
        ReadAgain() { super(null, null, false, false); }
    }

    /** Elements are passed over unread only when the next candidate is at least this far: closer, reading is cheaper. */
    private static final int PASS_OVER_MIN = 128;

    /** Deeper nesting is refused (and the body scanned as text), as Jackson's default does: memory per body stays small. */
    static final int MAX_DEPTH = 1000;
    /** Longer JSONPaths are cut in the audit record. */
    static final int MAX_PATH = 256;

    private final byte[] b;
    private final int n;
    private final JsonValues values;
    private final JsonPath path;
    private final Candidates candidates; // null: string ends are searched for, not looked up in marks
    private final boolean mayPassOver; // a body without escapes, with marks: elements may be passed over
    private JsonStructure structure; // made at the first element far enough from the next candidate
    private final boolean keys; // keys are scanned
    private boolean passedOver; // elements were passed over unread
    private final int lastCandidate; // reading stops past it, or past the last backslash (never when every value is scanned)
    // the string just read: its content's raw bytes [contentStart, contentEnd), decoded when it had escapes
    private int contentStart;
    private int contentEnd;
    private String decoded;

    private JsonBody(byte[] b, int n, JsonValues values, Candidates candidates, boolean keys, boolean passOver) {
        this.b = b;
        this.n = n;
        this.values = values;
        this.path = values.path;
        this.candidates = candidates;
        this.keys = keys;
        this.mayPassOver = passOver && candidates != null && !candidates.escapes();
        this.lastCandidate = candidates == null ? Integer.MAX_VALUE : candidates.last();
    }

    /**
     * Scans b[0, length); returns the edits that redact it (in order: the bytes between them are the body's
     * own; one edit of the whole body for UTF-16/32, written back in its own encoding), or null when nothing
     * changed. The edits do not refer to b. What it found is added to out once the body has been read as
     * JSON: a Malformed one adds nothing (the caller scans it as text).
     */
    static List<BodyEdit> edits(byte[] b, int length, TextScanner scanner, boolean keys, Redaction redaction, Findings out,
            Candidates candidates) throws Malformed {
        Charset wide = JsonText.wideEncoding(b, length);
        byte[] body = wide == null || b.length == length ? b : Arrays.copyOf(b, length);
        byte[] utf8 = wide == null ? body : new String(body, wide).getBytes(StandardCharsets.UTF_8);
        int n = wide == null ? length : utf8.length;
        Candidates marks = wide == null ? candidates : null;
        JsonValues values = null;
        for (boolean passOver = true; values == null; passOver = false) {
            try {
                values = read(utf8, n, scanner, keys, redaction, marks, passOver);
            } catch (ReadAgain e) {
                // read again, every element: a read that passes over nothing never asks for this
            }
        }
        values.reportTo(out);
        List<BodyEdit> edits = values.edits();
        if (edits.isEmpty()) {
            return null;
        }
        if (wide == null) {
            return edits;
        }
        // sent back in the encoding it came in, so that its Content-Type (and the upstream's guess) stays right
        byte[] redacted = BodyEdit.apply(utf8, edits);
        return BodyEdit.whole(body, new String(redacted, StandardCharsets.UTF_8).getBytes(wide));
    }

    private static JsonValues read(byte[] utf8, int n, TextScanner scanner, boolean keys, Redaction redaction,
            Candidates marks, boolean passOver) throws Malformed, ReadAgain {
        JsonValues values = new JsonValues(utf8, scanner, keys, redaction, marks);
        new JsonBody(utf8, n, values, marks, keys, passOver).document(JsonText.hasUtf8Bom(utf8, n) ? 3 : 0);
        return values;
    }

    /**
     * One top-level value, or several on lines of their own (NDJSON). Values side by side on one line are
     * not JSON: "4111 1111 1111 1111" read as four numbers would hide the card that the text scan finds.
     */
    private void document(int i) throws Malformed, ReadAgain {
        i = ws(i);
        while (i < n) {
            int end = value(i);
            i = ws(end);
            if (i < n && !lineBreakIn(end, i)) {
                throw new Malformed("a second top-level value on the same line", i);
            }
        }
    }

    private boolean lineBreakIn(int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] == '\n') {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the value at i, containers without recursion (the path is the stack). Returns the index after
     * it, or n once past the last candidate and the last backslash: no detector can find anything in what
     * follows, so it is not read (a body malformed only there is still read as JSON).
     */
    private int value(int i) throws Malformed, ReadAgain {
        boolean expectValue = true;
        while (true) {
            if (i > lastCandidate) {
                return n;
            }
            if (expectValue) {
                byte c = at(i);
                path.value();
                if (c == '{' || c == '[') {
                    boolean object = c == '{';
                    if (path.depth() == MAX_DEPTH) {
                        throw new Malformed("nesting deeper than " + MAX_DEPTH, i);
                    }
                    path.enter(object);
                    i = ws(i + 1);
                    int past;
                    if (at(i) == (object ? '}' : ']')) { // empty
                        path.exit();
                        i++;
                        expectValue = false;
                    } else if ((past = passOver(i)) >= 0) {
                        i = past;
                        expectValue = false;
                    } else if (object) {
                        i = member(i);
                    }
                } else {
                    i = scalar(i, c);
                    expectValue = false;
                }
            } else {
                if (path.depth() == 0) {
                    return i;
                }
                i = ws(i);
                byte c = at(i);
                boolean object = path.inObject();
                if (c == ',') {
                    i = ws(i + 1);
                    int past = passOver(i);
                    if (past >= 0) {
                        i = past;
                        continue;
                    }
                    if (object) {
                        i = member(i);
                    }
                    expectValue = true;
                } else if (c == (object ? '}' : ']')) {
                    path.exit();
                    i++;
                } else {
                    throw new Malformed("expected ',' or the end of the " + (object ? "object" : "array"), i);
                }
            }
        }
    }

    /**
     * At i an element starts: passes over it and the ones after it that end before the next candidate, when
     * that is far enough. Returns where reading goes on, as after a value (a ',' or the container's end), or
     * -1 when nothing was passed over.
     */
    private int passOver(int i) {
        if (!mayPassOver) {
            return -1;
        }
        int next = candidates.next(i);
        if (next - i < PASS_OVER_MIN) {
            return -1;
        }
        if (structure == null) {
            structure = new JsonStructure(b, n, Candidates.CLASSIFIER);
        }
        int past = structure.pass(i, next);
        if (past >= 0) {
            path.passed(structure.passed());
            passedOver = true;
        }
        return past;
    }

    /** A key, its ':' and the blanks after it. */
    private int member(int i) throws Malformed, ReadAgain {
        if (at(i) != '"') {
            throw new Malformed("expected a key in quotes", i);
        }
        int end = string(i);
        if (passedOver && !keys && candidates.any(contentStart, contentEnd)) {
            throw new ReadAgain();
        }
        values.key(i, end, contentStart, contentEnd, decoded);
        i = ws(end);
        if (at(i) != ':') {
            throw new Malformed("expected ':' after a key", i);
        }
        return ws(i + 1);
    }

    private int scalar(int i, byte c) throws Malformed {
        if (c == '"') {
            int end = string(i);
            values.value(i, end, contentStart, contentEnd, decoded, false);
            return end;
        }
        if (c == '-' || Chars.isDigit(c)) {
            int end = number(i);
            values.value(i, end, i, end, null, true);
            return end;
        }
        return literal(i);
    }

    /** Reads the string whose opening quote is at i; sets its content. Returns the index after the closing quote. */
    private int string(int i) throws Malformed {
        int p = plainEnd(i + 1);
        contentStart = i + 1;
        if (p < n && b[p] == '"') {
            contentEnd = p;
            decoded = null;
            return p + 1;
        }
        StringBuilder text = null; // made at the first escape
        int copied = contentStart;
        while (true) {
            int c = at(p) & 0xFF;
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (text == null) {
                    text = new StringBuilder(p - contentStart + 16);
                }
                text.append(new String(b, copied, p - copied, StandardCharsets.UTF_8));
                p = escape(p, text);
                copied = p;
            } else if (c < 0x20) {
                throw new Malformed("control character in a string", p);
            } else if (c >= 0x80) {
                p = Utf8.sequenceEnd(b, p, n);
                if (p < 0) {
                    throw new Malformed("invalid UTF-8", -p);
                }
            } else {
                p++;
            }
            p = plainEnd(p);
        }
        contentEnd = p;
        decoded = text == null ? null : text.append(new String(b, copied, p - copied, StandardCharsets.UTF_8)).toString();
        return p + 1;
    }

    /**
     * The first quote, backslash, control or non-ASCII byte at or after from: looked up in the candidate
     * search's marks when there are some (they mark backslashes too), else searched for.
     */
    private int plainEnd(int from) {
        return candidates != null ? candidates.plainEnd(from) : Utf8.plainEnd(b, from, n);
    }

    /** The escape at p (a backslash), appended decoded. Returns the index after it. */
    private int escape(int p, StringBuilder text) throws Malformed {
        byte e = at(p + 1);
        switch (e) {
            case '"', '\\', '/' -> text.append((char) e);
            case 'b' -> text.append('\b');
            case 'f' -> text.append('\f');
            case 'n' -> text.append('\n');
            case 'r' -> text.append('\r');
            case 't' -> text.append('\t');
            case 'u' -> {
                int unit = 0;
                for (int k = p + 2; k < p + 6; k++) {
                    int d = Character.digit(at(k), 16);
                    if (d < 0) {
                        throw new Malformed("bad \\u escape", p);
                    }
                    unit = unit * 16 + d;
                }
                text.append((char) unit); // a lone surrogate is kept as it is, as Jackson and most parsers do
                return p + 6;
            }
            default -> throw new Malformed("bad escape", p);
        }
        return p + 2;
    }

    /** The end of the number -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? at b[i] (a '-' or a digit). */
    private int number(int i) throws Malformed {
        int p = i;
        if (b[p] == '-') {
            p++;
        }
        if (p < n && b[p] == '0') {
            p++;
        } else {
            p = digits(p);
        }
        if (p < n && b[p] == '.') {
            p = digits(p + 1);
        }
        if (p < n && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < n && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            p = digits(p);
        }
        return p;
    }

    /** One or more digits at p; returns their end. */
    private int digits(int p) throws Malformed {
        int start = p;
        while (p < n && Chars.isDigit(b[p])) {
            p++;
        }
        if (p == start) {
            throw new Malformed("expected a digit", p);
        }
        return p;
    }

    /** The end of the literal true, false or null at b[i] (the value there is none of the others). */
    private int literal(int i) throws Malformed {
        String word = b[i] == 't' ? "true" : b[i] == 'f' ? "false" : "null";
        if (i + word.length() > n) {
            throw new Malformed("unexpected end", n);
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                throw new Malformed("unexpected character", i + k);
            }
        }
        return i + word.length();
    }

    private int ws(int i) {
        while (i < n) {
            byte c = b[i];
            if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
                return i; // one comparison for the usual byte: anything above ' ' ends the blanks
            }
            i++;
        }
        return i;
    }

    private byte at(int i) throws Malformed {
        if (i >= n) {
            throw new Malformed("unexpected end", n);
        }
        return b[i];
    }
}
