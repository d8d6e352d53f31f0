package dev.portcullis.policy;

import java.util.List;

/**
 * One change to a held body: its bytes [start, end) become bytes (an insertion when start == end).
 * Edits of one body are in order and do not overlap; everything outside them stays byte for byte as
 * it was (see {@link MessageView#editBody}).
 */
public record BodyEdit(int start, int end, byte[] bytes) {
    public BodyEdit {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad body edit [" + start + ", " + end + ")");
        }
    }

    /** The whole body replaced by bytes. */
    public static List<BodyEdit> whole(byte[] body, byte[] bytes) { return List.of(new BodyEdit(0, body.length, bytes)); }

    /** The length of source once edited. */
    public static long editedLength(long sourceLength, List<BodyEdit> edits) {
        long size = sourceLength;
        for (BodyEdit e : edits) {
            size += e.bytes().length - (e.end() - e.start());
        }
        return size;
    }

    /**
     * source with the edits made, in a new array written once, exactly (no growing buffer, no final copy);
     * a single edit of the whole source is its own bytes, not a copy of them.
     */
    public static byte[] apply(byte[] source, List<BodyEdit> edits) {
        if (edits.size() == 1 && edits.get(0).start() == 0 && edits.get(0).end() == source.length) {
            return edits.get(0).bytes();
        }
        byte[] out = new byte[Math.toIntExact(editedLength(source.length, edits))];
        int from = 0;
        int to = 0;
        for (BodyEdit e : edits) {
            int keep = e.start() - from;
            System.arraycopy(source, from, out, to, keep);
            to += keep;
            System.arraycopy(e.bytes(), 0, out, to, e.bytes().length);
            to += e.bytes().length;
            from = e.end();
        }
        System.arraycopy(source, from, out, to, source.length - from);
        return out;
    }
}
