package dev.portcullis.dlp;

import dev.portcullis.policy.BodyEdit;
import dev.portcullis.policy.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * multipart/form-data: each part's content is scanned as text and located by the part's name
 * ("body:file"); a part declared JSON is read value by value ("body:payload:$.card"). Redaction replaces inside a part and keeps every boundary and part header as sent.
 * The body is handled as ISO-8859-1 so that every byte, binary or UTF-8, goes back out unchanged.
 */
final class Multipart {
    private Multipart() {}

    /** Returns the redacted body text, or null when unchanged; false-y (null) too when it is not well-formed multipart. */
    static String scan(String body, String boundary, DlpScanner scanner, Redaction redaction, Findings out) {
        String delimiter = "\r\n--" + boundary;
        int pos = body.startsWith("--" + boundary) ? 0 : body.indexOf(delimiter);
        if (pos < 0) {
            return null;
        }
        int delimLength = pos == 0 && body.startsWith("--" + boundary) ? boundary.length() + 2 : delimiter.length();
        StringBuilder redacted = null;
        int copied = 0;
        List<Finding> found = new ArrayList<>(0);
        TextScanner.ScanState state = new TextScanner.ScanState(); // what one part tells of the next (an AWS key id)
        while (true) {
            int afterDelim = pos + delimLength;
            if (body.startsWith("--", afterDelim)) {
                break; // the closing delimiter
            }
            int headersEnd = body.indexOf("\r\n\r\n", afterDelim);
            if (headersEnd < 0) {
                break;
            }
            int contentStart = headersEnd + 4;
            int next = body.indexOf(delimiter, contentStart);
            int contentEnd = next < 0 ? body.length() : next;
            String headers = body.substring(afterDelim, headersEnd);
            String name = partName(headers);
            String content = body.substring(contentStart, contentEnd);
            String replaced;
            if (MediaTypes.isJson(partType(headers))) {
                // value by value, escapes decoded: what the application will read of it
                Findings part = new Findings();
                byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
                List<BodyEdit> edits = scanner.json(bytes, redaction, part);
                out.addAll(part, where -> "body:" + name + (where.equals("body") ? "" : ":" + where.substring("body:".length())));
                replaced = edits == null ? null : new String(BodyEdit.apply(bytes, edits), StandardCharsets.ISO_8859_1);
            } else {
                replaced = scanner.text(content, name, state, redaction, found);
                for (Finding f : found) {
                    out.add(f.detector(), "body:" + name);
                }
            }
            if (replaced != null) {
                if (redacted == null) {
                    redacted = new StringBuilder(body.length() + 64);
                }
                redacted.append(body, copied, contentStart).append(replaced);
                copied = contentEnd;
            }
            if (next < 0) {
                break;
            }
            pos = next;
            delimLength = delimiter.length();
        }
        return redacted == null ? null : redacted.append(body, copied, body.length()).toString();
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
