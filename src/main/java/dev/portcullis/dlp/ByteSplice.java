package dev.portcullis.dlp;

import java.util.List;

/** Rewrites a body by replacing byte ranges: everything outside them stays byte for byte as it was. */
final class ByteSplice {
    /** Bytes [start, end) of the source become bytes. Pieces are in order and do not overlap. */
    record Piece(int start, int end, byte[] bytes) {}

    private ByteSplice() {}

    static byte[] apply(byte[] source, List<Piece> pieces) {
        long size = source.length;
        for (Piece p : pieces) {
            size += p.bytes().length - (p.end() - p.start());
        }
        byte[] out = new byte[Math.toIntExact(size)]; // written once, exactly: no growing buffer, no final copy
        int from = 0;
        int to = 0;
        for (Piece p : pieces) {
            int keep = p.start() - from;
            System.arraycopy(source, from, out, to, keep);
            to += keep;
            System.arraycopy(p.bytes(), 0, out, to, p.bytes().length);
            to += p.bytes().length;
            from = p.end();
        }
        System.arraycopy(source, from, out, to, source.length - from);
        return out;
    }
}
