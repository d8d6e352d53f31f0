package dev.portcullis.dlp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-level helpers for the JSON reader: the fast skip over plain string content, and strict UTF-8. */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Utf8() {}

    /**
     * The index of the first byte in b[from, n) that ends plain string content: '"', '\\', a control
     * character or a byte over 0x7F (n if none). Eight bytes at a time: the usual content is long runs
     * of plain ASCII.
     */
    static int plainEnd(byte[] b, int from, int n) {
        int p = from;
        while (p + 8 <= n) {
            long v = (long) LONGS.get(b, p);
            long quote = v ^ 0x2222222222222222L; // a zero byte where v has '"'
            long slash = v ^ 0x5C5C5C5C5C5C5C5CL; // ... '\\'
            // per byte: high bit set where the byte is zero (quote, slash), under 0x20 (v - 0x20), or over 0x7F (v);
            // a borrow can only mark bytes above the first true mark, so the lowest mark is exact
            long marks = (((quote - ONES) & ~quote) | ((slash - ONES) & ~slash) | ((v - 0x2020202020202020L) & ~v) | v) & HIGHS;
            if (marks != 0) {
                return p + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
            p += 8;
        }
        while (p < n) {
            int c = b[p] & 0xFF;
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
                return p;
            }
            p++;
        }
        return n;
    }

    /**
     * The end of the UTF-8 sequence that starts at p (a byte over 0x7F), checked strictly (RFC 3629: no
     * overlong forms, no surrogates, nothing over U+10FFFF), or -p when it is not valid UTF-8.
     */
    static int sequenceEnd(byte[] b, int p, int n) {
        int c = b[p] & 0xFF;
        int length;
        int low = 0x80; // the allowed range of the second byte (tighter for some leads)
        int high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -p;
        }
        if (p + length > n) {
            return -p;
        }
        int second = b[p + 1] & 0xFF;
        if (second < low || second > high) {
            return -p;
        }
        for (int k = p + 2; k < p + length; k++) {
            if ((b[k] & 0xC0) != 0x80) {
                return -p;
            }
        }
        return p + length;
    }
}
