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

    /** The vector classifier when the JVM has jdk.incubator.vector and wide enough vectors, else the scalar one. */
    static BlockClassifier best() {
        return VectorSupport.usable() ? new VectorClassifier() : new ScalarClassifier();
    }
}
