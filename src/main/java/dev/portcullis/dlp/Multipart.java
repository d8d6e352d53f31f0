package dev.portcullis.dlp;

import dev.portcullis.policy.BodyEdit;
import dev.portcullis.policy.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * multipart/form-data, read from the bytes: each part's content is scanned as text where it lies and
 * located by the part's name ("body:file"); a part declared JSON is read value by value
 * ("body:payload:$.card"). Redaction edits inside a part and keeps every boundary and part header, and
 * every other byte, as sent.
 */
final class Multipart {
    private Multipart() {}

    /**
     * Returns the edits that redact body, or null when unchanged or when it is not well-formed multipart
     * (the caller then scans it as text).
     */
    static List<BodyEdit> scan(byte[] body, String boundary, DlpScanner scanner, Redaction redaction, Findings out) {
        String delimiter = "\r\n--" + boundary;
        // the body as one char per byte: String.indexOf is a SIMD search in the JDK, a byte loop is not
        String text = new String(body, StandardCharsets.ISO_8859_1);
        boolean atStart = text.startsWith(delimiter.substring(2)); // the first delimiter may open the body, without its CRLF
        int pos = atStart ? 0 : text.indexOf(delimiter);
        if (pos < 0) {
            return null;
        }
        int delimLength = atStart ? delimiter.length() - 2 : delimiter.length();
        List<BodyEdit> edits = null;
        List<Finding> found = new ArrayList<>(0);
        TextScanner.ScanState state = new TextScanner.ScanState(); // what one part tells of the next (an AWS key id)
        while (true) {
            int afterDelim = pos + delimLength;
            if (text.startsWith("--", afterDelim)) {
                break; // the closing delimiter
            }
            int headersEnd = text.indexOf("\r\n\r\n", afterDelim);
            if (headersEnd < 0) {
                break;
            }
            int contentStart = headersEnd + 4;
            int next = text.indexOf(delimiter, contentStart);
            int contentEnd = next < 0 ? body.length : next;
            String headers = text.substring(afterDelim, headersEnd);
            String name = partName(headers);
            List<BodyEdit> partEdits;
            if (MediaTypes.isJson(partType(headers))) {
                // value by value, escapes decoded: what the application will read of it
                Findings part = new Findings();
                partEdits = scanner.json(Arrays.copyOfRange(body, contentStart, contentEnd), redaction, part);
                out.addAll(part, where -> "body:" + name + (where.equals("body") ? "" : ":" + where.substring("body:".length())));
            } else {
                partEdits = scanner.text(body, contentStart, contentEnd - contentStart, name, state, redaction, found);
                for (Finding f : found) {
                    out.add(f.detector(), "body:" + name);
                }
            }
            if (partEdits != null) {
                edits = edits == null ? new ArrayList<>() : edits;
                for (BodyEdit e : partEdits) { // positions in the part, made positions in the body
                    edits.add(new BodyEdit(contentStart + e.start(), contentStart + e.end(), e.bytes()));
                }
            }
            if (next < 0) {
                break;
            }
            pos = next;
            delimLength = delimiter.length();
        }
        return edits;
    }

    /** The part's own Content-Type ("" when it has none: text). */
    private static String partType(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-type:", 0, 13)) {
                return line.substring(13).trim();
            }
        }
        return "";
    }

    /** The name="..." of the part's Content-Disposition, or "part" when it has none. */
    private static String partName(String headers) {
        int i = headers.toLowerCase(java.util.Locale.ROOT).indexOf("name=\"");
        while (i > 0 && headers.charAt(i - 1) != ' ' && headers.charAt(i - 1) != ';') {
            i = headers.toLowerCase(java.util.Locale.ROOT).indexOf("name=\"", i + 1);
        }
        if (i < 0) {
            return "part";
        }
        int end = headers.indexOf('"', i + 6);
        return end < 0 ? "part" : headers.substring(i + 6, end);
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }
}
