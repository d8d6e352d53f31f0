package dev.portcullis.dlp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Bytes seen as ISO-8859-1 text, one char per byte, without a copy: what the detectors read when the
 * scanner found a candidate in a body (UTF-8 bytes over 0x7F are never part of any pattern).
 */
final class Latin1Text implements CharSequence {
    private final byte[] bytes;
    private final int offset;
    private final int length;

    /**
     * s as one byte per char: chars up to U+00FF as themselves, any other as '?' (no pattern has one), so
     * a position in the bytes is the same position in s. (getBytes(ISO_8859_1) alone is not: it makes one
     * '?' of a surrogate pair.)
     */
    static byte[] bytesOf(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length == s.length()) {
            return b; // the usual: nothing outside ISO-8859-1 but single chars
        }
        b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            b[i] = (byte) (c <= 0xFF ? c : '?');
        }
        return b;
    }

    Latin1Text(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public int length() { return length; }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (bytes[offset + index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        return new String(bytes, offset + start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() { return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); }
}
