package dev.portcullis.dlp;

/**
 * The brackets and commas of a JSON body that lie outside its strings, a bit per byte, so that the JSON
 * reader can pass over whole elements of a container that hold no candidate ({@link #pass}) instead of
 * reading them token by token. Made only for a body without a backslash: its quotes then open and close
 * strings in turn, and one running parity of quotes tells inside from outside. Blocks are classified
 * (SIMD where the candidate search's is) as the reader asks for them, so never much past the last
 * candidate.
 *
 * <p>What it passes over is never read, so never checked as JSON: that is safe because it holds no
 * candidate (no detector can find anything in it, whatever it parses as). The reader reads the rest as
 * strictly as ever.
 */
final class JsonStructure {
    static final int QUOTE = 0;
    static final int OPEN = 1; // '{' or '['
    static final int CLOSE = 2; // '}' or ']'
    static final int COMMA = 3;
    static final int COUNT = 4;
    /** Blocks classified at a time: the per-call cost is spread, and at most this many are classified past need. */
    private static final int SPAN = 16;
    /** The marks of bodies up to 64 KiB are kept in their thread's array (a body is read on one thread, start to end). */
    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[1024 * COUNT]);

    private final byte[] b;
    private final int n;
    private final BlockClassifier classifier;
    private final long[] marks; // COUNT per block; OPEN, CLOSE and COMMA cleared inside strings once classified
    private int classified; // blocks classified so far, from the body's start
    private long inString; // all ones when the last block classified ended inside a string
    private int passed; // elements the last pass went over

    JsonStructure(byte[] b, int n, BlockClassifier classifier) {
        this.b = b;
        this.n = n;
        this.classifier = classifier;
        int words = ByteClasses.blocks(n) * COUNT;
        long[] reused = SCRATCH.get();
        this.marks = words <= reused.length ? reused : new long[words];
    }

    static void put(long[] out, int at, long quote, long open, long close, long comma) {
        out[at + QUOTE] = quote;
        out[at + OPEN] = open;
        out[at + CLOSE] = close;
        out[at + COMMA] = comma;
    }

    /**
     * Passes over the elements of a container that end before to: from is where one starts (just after
     * '[', '{' or ',' and the blanks after it). Returns where reading goes on, as after a value: the ','
     * that ends the last element ending before to, or the container's closing bracket if that comes
     * first; -1 when the element at from reaches to. {@link #passed()} tells how many elements it went over.
     */
    int pass(int from, int to) {
        passed = 0;
        int depth = 0; // of brackets opened since from and not yet closed
        int last = -1;
        int lastBlock = (to - 1) >>> 6;
        for (int w = from >>> 6; w <= lastBlock; w++) {
            if (w >= classified) {
                classifyThrough(w);
            }
            long range = -1L;
            if (w == from >>> 6) {
                range &= -1L << from;
            }
            if (w == lastBlock) {
                range &= -1L >>> (63 - ((to - 1) & 63));
            }
            int at = w * COUNT;
            long open = marks[at + OPEN] & range;
            long close = marks[at + CLOSE] & range;
            if (depth > Long.bitCount(close)) { // deeper than this block can close: no ',' of ours and no end in it
                depth += Long.bitCount(open) - Long.bitCount(close);
                continue;
            }
            for (long m = open | close | (marks[at + COMMA] & range); m != 0; m &= m - 1) {
                long bit = m & -m;
                if ((open & bit) != 0) {
                    depth++;
                } else if ((close & bit) != 0) {
                    if (depth == 0) { // the container ends before to
                        passed++;
                        return (w << 6) + Long.numberOfTrailingZeros(bit);
                    }
                    depth--;
                } else if (depth == 0) {
                    passed++;
                    last = (w << 6) + Long.numberOfTrailingZeros(bit);
                }
            }
        }
        return last;
    }

    /** The elements the last {@link #pass} went over. */
    int passed() { return passed; }

    /** Classifies the blocks up to block w (and a few more), in order: the string parity runs on from the body's start. */
    private void classifyThrough(int w) {
        int upTo = Math.min(ByteClasses.blocks(n), Math.max(w + 1, classified + SPAN));
        classifier.punctuation(b, classified * ByteClasses.BLOCK, Math.min(n, upTo * ByteClasses.BLOCK), marks,
                classified * COUNT);
        for (int at = classified * COUNT, end = upTo * COUNT; at < end; at += COUNT) {
            // bit j: an odd number of quotes up to byte j, so inside a string (or on its opening quote)
            long inside = prefixXor(marks[at + QUOTE]) ^ inString;
            inString = inside >> 63;
            marks[at + OPEN] &= ~inside;
            marks[at + CLOSE] &= ~inside;
            marks[at + COMMA] &= ~inside;
        }
        classified = upTo;
    }

    /** Bit j of the result: the parity of bits 0 .. j of x. */
    static long prefixXor(long x) {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }
}
