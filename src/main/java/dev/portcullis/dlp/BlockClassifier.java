package dev.portcullis.dlp;

/**
 * Classifies the blocks of a body for the candidate search ({@link Candidates}), and marks its candidates
 * from the classes. Two implementations give the same bits: {@link ScalarClassifier}, a byte (or a block)
 * at a time, and {@link VectorClassifier}, a whole block in a few SIMD instructions, or several blocks at
 * once (when the JDK's vector module is there).
 */
interface BlockClassifier {
    /**
     * Fills masks (a chunk's, {@link ByteClasses#at}) with the {@link ByteClasses} of the blocks of
     * a[from, to), at most {@link ByteClasses#CHUNK} of them, looking back no further than off (where the
     * body starts). The slots of the block before the chunk are left as they are.
     */
    void classify(byte[] a, int off, int from, int to, long[] masks);

    /**
     * The candidate marks of the n blocks classified in masks ({@link #classify}, the block before them in
     * its slots), each mark on the last byte of what makes it (the runs of {@link Candidates}'s class
     * comment, but for key runs): into bits[w ..]. The key runs of 20 or more are found here and judged by
     * the caller: their 20th bytes go into firsts[0 ..] and the bytes just after them into ends[0 ..].
     * The arrays may be written up to a multiple of 8 blocks past n (they have the room), with nothing of
     * meaning. Returns the blocks the caller must look at again (bit b for block b of the chunk): those
     * with a '\\' or NUL, a key run's 20th byte or a byte just after one.
     */
    long marks(long[] masks, int n, long[] bits, int w, long[] firsts, long[] ends);

    /**
     * Fills out, {@link JsonStructure#COUNT} longs per block from index at, with the JSON punctuation of the
     * blocks of a[from, to) (the last one may be short): quotes, opening brackets ('{' '['), closing
     * brackets ('}' ']') and commas, in {@link JsonStructure}'s order, inside strings or not.
     */
    void punctuation(byte[] a, int from, int to, long[] out, int at);

    /** The vector classifier when the JVM has jdk.incubator.vector and wide enough vectors, else the scalar one. */
    static BlockClassifier best() {
        return VectorSupport.usable() ? new VectorClassifier() : new ScalarClassifier();
    }
}
