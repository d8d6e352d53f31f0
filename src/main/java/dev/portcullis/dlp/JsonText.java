package dev.portcullis.dlp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** JSON text before it is read: the encoding it is in, and its escapes decoded for a body that does not parse. */
final class JsonText {
    private JsonText() {}

    /**
     * The encoding of the first length bytes of b when it is UTF-16 or UTF-32, told by a byte order mark or
     * by where the zero bytes are (RFC 4627); null for UTF-8.
     */
    static Charset wideEncoding(byte[] b, int length) {
        if (length < 2) {
            return null;
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if (length >= 4) {
            int b2 = b[2] & 0xFF;
            int b3 = b[3] & 0xFF;
            if ((b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) || (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0)) {
                return Charset.forName("UTF-32"); // its byte order mark says which
            }
            if (b0 == 0 && b1 == 0) {
                return Charset.forName("UTF-32BE");
            }
            if (b1 == 0 && b2 == 0 && b3 == 0) {
                return Charset.forName("UTF-32LE");
            }
        }
        if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
            return StandardCharsets.UTF_16; // its byte order mark says which
        }
        return b0 == 0 ? StandardCharsets.UTF_16BE : b1 == 0 ? StandardCharsets.UTF_16LE : null;
    }

    /**
     * A body that is not JSON {@link JsonBody} accepts, with its JSON escapes decoded (UTF-8), or null when it
     * has none: what the text scan must look at, or "\u0034" digits would pass a lenient upstream parser
     * unseen. A backslash that does not start a valid escape stays as it is.
     */
    static byte[] unescaped(byte[] body) {
        int first = 0;
        while (first < body.length && body[first] != '\\') {
            first++;
        }
        if (first == body.length) {
            return null;
        }
        String s = new String(body, StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char e = c == '\\' && i + 1 < s.length() ? s.charAt(i + 1) : 0;
            int simple = "\"\\/bfnrt".indexOf(e);
            if (e != 0 && simple >= 0) {
                text.append("\"\\/\b\f\n\r\t".charAt(simple));
                i++;
            } else if (e == 'u' && i + 5 < s.length() && HexFormat.isHexDigit(s.charAt(i + 2)) && HexFormat.isHexDigit(s.charAt(i + 3))
                    && HexFormat.isHexDigit(s.charAt(i + 4)) && HexFormat.isHexDigit(s.charAt(i + 5))) {
                text.append((char) HexFormat.fromHexDigits(s, i + 2, i + 6));
                i += 5;
            } else {
                text.append(c);
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Do the first length bytes of b start with a UTF-8 byte order mark? */
    static boolean hasUtf8Bom(byte[] b, int length) {
        return length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }
}
