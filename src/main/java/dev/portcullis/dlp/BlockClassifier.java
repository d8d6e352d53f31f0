package dev.portcullis.dlp;

/**
 * Classifies the blocks of a body for the candidate search ({@link Candidates}). Two implementations give
 * the same bits: {@link ScalarClassifier}, a byte at a time, and {@link VectorClassifier}, a whole
 * block in a few SIMD instructions (when the JDK's vector module is there).
 */
interface BlockClassifier {
    /**
     * Fills masks ({@link ByteClasses#COUNT} longs per block, from index 0) with the {@link ByteClasses} of
     * the blocks of a[from, to), looking back no further than off (where the body starts).
     */
    void classify(byte[] a, int off, int from, int to, long[] masks);

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
