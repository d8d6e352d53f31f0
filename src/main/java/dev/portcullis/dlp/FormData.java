package dev.portcullis.dlp;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * name=value&... (form bodies and query strings): values are percent-decoded before scanning, and a
 * redacted value is encoded again; untouched pairs keep their exact original bytes.
 */
final class FormData {
    private FormData() {}

    /** Scans raw; findings are located as prefix + name. Returns the redacted raw text, or null when unchanged. */
    static String scan(String raw, String prefix, TextScanner scanner, Redaction redaction, Findings out) {
        StringBuilder redacted = null;
        List<Finding> found = new ArrayList<>(0);
        TextScanner.ScanState state = new TextScanner.ScanState();
        byte[] buffer = new byte[64];
        int start = 0;
        int n = raw.length();
        while (start <= n) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            int eq = raw.indexOf('=', start, end); // bounded: never a scan to the end per pair
            if (eq >= 0 && eq < end) {
                String name = decode(raw.substring(start, eq));
                found.clear();
                String value = null;
                if (raw.indexOf('%', eq + 1, end) < 0) {
                    // no escapes (the usual): decoded in place, '+' as space, no String unless something is found
                    int length = end - eq - 1;
                    if (buffer.length < length) {
                        buffer = new byte[Math.max(length, buffer.length * 2)];
                    }
                    for (int i = 0; i < length; i++) {
                        char c = raw.charAt(eq + 1 + i);
                        buffer[i] = (byte) (c == '+' ? ' ' : c > 0xFF ? '?' : c); // as the scanner sees any String
                    }
                    state.field(name);
                    scanner.scan(buffer, 0, length, state, found);
                    if (!found.isEmpty()) {
                        value = raw.substring(eq + 1, end).replace('+', ' ');
                    }
                } else {
                    value = decode(raw.substring(eq + 1, end));
                    scanner.scan(value, name, state, found);
                }
                if (!found.isEmpty()) { // the usual empty list: not even an iterator
                    for (Finding f : found) {
                        out.add(f.detector(), prefix + name);
                    }
                }
                if (redaction != null && !found.isEmpty()) {
                    if (redacted == null) {
                        redacted = new StringBuilder(raw.length() + 32).append(raw, 0, start);
                    }
                    redacted.append(raw, start, eq + 1).append(URLEncoder.encode(redaction.apply(value, found), StandardCharsets.UTF_8));
                } else if (redacted != null) {
                    redacted.append(raw, start, end);
                }
            } else if (redacted != null) {
                redacted.append(raw, start, end);
            }
            if (amp < 0) {
                break;
            }
            if (redacted != null) {
                redacted.append('&');
            }
            start = amp + 1;
        }
        return redacted == null ? null : redacted.toString();
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
