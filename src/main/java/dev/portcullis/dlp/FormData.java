package dev.portcullis.dlp;

import dev.portcullis.policy.BodyEdit;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * name=value&... (form bodies and query strings), read from the bytes: values are percent-decoded
 * before scanning, and a redacted value is encoded again; untouched pairs keep their exact original
 * bytes (a redaction is an edit of one value).
 */
final class FormData {
    private FormData() {}

    /**
     * Scans raw (ISO-8859-1 or UTF-8 bytes); findings are located as prefix + name. Returns the edits that
     * redact it (each replaces one value, encoded again), or null when unchanged or not redacting.
     */
    static List<BodyEdit> scan(byte[] raw, String prefix, TextScanner scanner, Redaction redaction, Findings out) {
        List<BodyEdit> edits = null;
        List<Finding> found = new ArrayList<>(0);
        TextScanner.ScanState state = new TextScanner.ScanState();
        byte[] buffer = new byte[64];
        int n = raw.length;
        int start = 0;
        while (start <= n) {
            int end = indexOf(raw, '&', start, n);
            int eq = indexOf(raw, '=', start, end); // bounded: never a scan to the end per pair
            if (eq < end) {
                if (indexOf(raw, '%', start, eq) == eq && indexOf(raw, '+', start, eq) == eq) {
                    state.field(raw, start, eq); // a plain name: made a String only if something is found
                } else {
                    state.field(decode(new String(raw, start, eq - start, StandardCharsets.ISO_8859_1)));
                }
                found.clear();
                String value = null;
                int length = end - eq - 1;
                if (indexOf(raw, '%', eq + 1, end) == end) {
                    // no escapes (the usual): decoded in place, '+' as space, no String unless something is found
                    if (buffer.length < length) {
                        buffer = new byte[Math.max(length, buffer.length * 2)];
                    }
                    for (int i = 0; i < length; i++) {
                        byte c = raw[eq + 1 + i];
                        buffer[i] = c == '+' ? (byte) ' ' : c;
                    }
                    scanner.scan(buffer, 0, length, state, found);
                } else {
                    value = decode(new String(raw, eq + 1, length, StandardCharsets.ISO_8859_1));
                    byte[] decoded = Latin1Text.bytesOf(value);
                    scanner.scan(decoded, 0, decoded.length, state, found);
                }
                if (!found.isEmpty()) {
                    String location = prefix + state.field();
                    for (Finding f : found) {
                        out.add(f.detector(), location);
                    }
                    if (redaction != null) {
                        if (value == null) {
                            value = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
                        }
                        String encoded = URLEncoder.encode(redaction.apply(value, found), StandardCharsets.UTF_8);
                        edits = edits == null ? new ArrayList<>(2) : edits;
                        edits.add(new BodyEdit(eq + 1, end, encoded.getBytes(StandardCharsets.ISO_8859_1)));
                    }
                }
            }
            if (end == n) {
                break;
            }
            start = end + 1;
        }
        return edits;
    }

    /** The first c in b[from, to), or to. */
    private static int indexOf(byte[] b, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return to;
    }

    /** Percent-decoding; a malformed escape leaves the text as it is (it is still scanned). */
    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
