package dev.portcullis.dlp;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Classifies a 64-byte block with SIMD compares (JDK vector API; 1 to 4 vectors a block): the same bits
 * as {@link ScalarClassifier}, which still does the blocks at the edges of a body (short, or too near
 * its start to look back). The fixed marks look back up to five bytes through loads at p-1 .. p-5, and
 * only in a block that holds the mark's last byte.
 */
final class VectorClassifier implements BlockClassifier {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int LOOK_BACK = 5; // "-----B"

    /** Bytes in one vector of the preferred shape on this machine. */
    static int lanes() { return LANES; }

    // the byte classes of every ASCII byte, one bit per class, as two 64-byte tables (bytes 0-63, 64-127):
    // bit k of an entry is class TABLE_CLASSES[k]
    private static final int[] TABLE_CLASSES = {ByteClasses.DIGIT, ByteClasses.UPPER, ByteClasses.KEY,
        ByteClasses.SEPARATOR, ByteClasses.UNSAFE, ByteClasses.HEX, ByteClasses.STOP, ByteClasses.ALNUM};
    private static final int T_DIGIT = 1, T_UPPER = 2, T_KEY = 4, T_SEPARATOR = 8, T_UNSAFE = 16, T_HEX = 32,
            T_STOP = 64; // T_ALNUM = 128, the sign bit
    private static final ByteVector LOW_TABLE = table(0);
    private static final ByteVector HIGH_TABLE = table(64);

    /** Classes a block from the tables (one vector a block) instead of a compare per class. */
    private final boolean byTable;

    /** A compare per class, or, where vectors are 64 bytes and the CPU looks bytes up in one instruction, the tables. */
    VectorClassifier() { this(LANES == 64 && VectorSupport.byteTableLookup()); }

    /** byTable: the table lookup (needs 64-byte vectors; tests run both ways). */
    VectorClassifier(boolean byTable) {
        if (byTable && LANES != 64) {
            throw new IllegalArgumentException("the class tables need 64-byte vectors, not " + LANES);
        }
        this.byTable = byTable;
    }

    /** How this classifier finds the classes, for the start-up log. */
    String method() { return byTable ? "table lookup" : "compares"; }

    /** The class bits of bytes from .. from + 63, taken from the scalar classifier (the one definition of the classes). */
    private static ByteVector table(int from) {
        byte[] bytes = new byte[ByteClasses.BLOCK];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (from + i);
        }
        long[] masks = new long[ByteClasses.COUNT];
        ScalarClassifier.block(bytes, 0, 0, bytes.length, masks, 0);
        byte[] t = new byte[bytes.length];
        for (int i = 0; i < t.length; i++) {
            for (int k = 0; k < TABLE_CLASSES.length; k++) {
                t[i] |= (byte) ((masks[TABLE_CLASSES[k]] >>> i & 1) << k);
            }
        }
        return SPECIES.length() == 64 ? ByteVector.fromArray(SPECIES, t, 0) : null;
    }

    /**
     * The blocks of a chunk in two loops, one for the classes and one for the fixed marks, each a method of
     * its own: the vector code then runs without a call per block (a call spills every vector register),
     * and each loop stays small enough for the JIT to keep the vector API's calls as intrinsics (inlined
     * into a large method they can fall back to slow Java).
     */
    @Override
    public void classify(byte[] a, int off, int from, int end, long[] masks) {
        int at = 0;
        if (from - LOOK_BACK < off) { // the body's first block: nothing before it to look back at
            edge(a, off, from, Math.min(end, from + ByteClasses.BLOCK), masks, at);
            from += ByteClasses.BLOCK;
            at += ByteClasses.COUNT;
        }
        int whole = Math.max(0, (end - from) / ByteClasses.BLOCK);
        if (whole > 0) {
            classes(a, from, whole, masks, at, byTable);
            anchors(a, from, whole, masks, at);
            from += whole * ByteClasses.BLOCK;
            at += whole * ByteClasses.COUNT;
        }
        if (from < end) { // a short last block
            edge(a, off, from, end, masks, at);
        }
    }

    @Override
    public void punctuation(byte[] a, int from, int to, long[] out, int at) {
        int whole = (to - from) / ByteClasses.BLOCK;
        punctuationBlocks(a, from, whole, out, at);
        from += whole * ByteClasses.BLOCK;
        if (from < to) { // a short last block, in a zero-padded copy (a zero is no punctuation)
            byte[] padded = new byte[ByteClasses.BLOCK];
            System.arraycopy(a, from, padded, 0, to - from);
            punctuationBlocks(padded, 0, 1, out, at + whole * JsonStructure.COUNT);
        }
    }

    private static void punctuationBlocks(byte[] a, int p, int blocks, long[] out, int at) {
        for (int b = 0; b < blocks; b++, p += ByteClasses.BLOCK, at += JsonStructure.COUNT) {
            long quote = 0, open = 0, close = 0, comma = 0;
            for (int k = 0; k < ByteClasses.BLOCK; k += LANES) {
                ByteVector v = ByteVector.fromArray(SPECIES, a, p + k);
                ByteVector lower = v.or((byte) 0x20); // '[' is '{' and ']' is '}' with the 0x20 bit set; no other byte is
                quote |= v.compare(EQ, (byte) '"').toLong() << k;
                open |= lower.compare(EQ, (byte) '{').toLong() << k;
                close |= lower.compare(EQ, (byte) '}').toLong() << k;
                comma |= v.compare(EQ, (byte) ',').toLong() << k;
            }
            JsonStructure.put(out, at, quote, open, close, comma);
        }
    }

    /**
     * A block at the start of the body (too near it to look back) or a short last one: copied into a
     * padded block, zeros before and after, and classified there; the classes of the padding are dropped.
     */
    private void edge(byte[] a, int off, int from, int to, long[] masks, int at) {
        byte[] padded = new byte[LOOK_BACK + ByteClasses.BLOCK];
        int back = Math.min(LOOK_BACK, from - off);
        System.arraycopy(a, from - back, padded, LOOK_BACK - back, back + to - from);
        classes(padded, LOOK_BACK, 1, masks, at, byTable);
        anchors(padded, LOOK_BACK, 1, masks, at);
        int n = to - from;
        long valid = n == 64 ? -1L : (1L << n) - 1;
        for (int c = 0; c < ByteClasses.COUNT; c++) {
            masks[at + c] &= valid;
        }
    }

    /** Every class but the fixed marks, for the blocks at a[p ..], into masks from at. */
    private static void classes(byte[] a, int p, int blocks, long[] masks, int at, boolean byTable) {
        if (byTable) {
            classesByTable(a, p, blocks, masks, at);
        } else {
            classesByCompares(a, p, blocks, masks, at);
        }
    }

    /**
     * {@link #classes} from the tables, 64-byte vectors: each byte's class bits looked up (its low six bits
     * index both tables, its 0x40 bit picks one; a byte over 0x7F is only a string stop), then one test
     * per class.
     */
    private static void classesByTable(byte[] a, int p, int blocks, long[] masks, int at) {
        for (int b = 0; b < blocks; b++, p += ByteClasses.BLOCK, at += ByteClasses.COUNT) {
            ByteVector v = ByteVector.fromArray(SPECIES, a, p);
            ByteVector index = v.and((byte) 63);
            ByteVector c = index.selectFrom(LOW_TABLE).blend(index.selectFrom(HIGH_TABLE), v.and((byte) 64).compare(NE, (byte) 0))
                    .blend((byte) T_STOP, v.compare(LT, (byte) 0));
            ByteClasses.put(masks, at, has(c, T_DIGIT), has(c, T_UPPER), has(c, T_KEY), has(c, T_SEPARATOR), 0,
                    has(c, T_UNSAFE), has(c, T_HEX), has(c, T_STOP), c.compare(LT, (byte) 0).toLong()); // T_ALNUM: the sign bit
        }
    }

    private static long has(ByteVector classes, int bit) {
        return classes.and((byte) bit).compare(NE, (byte) 0).toLong();
    }

    private static void classesByCompares(byte[] a, int p, int blocks, long[] masks, int at) {
        for (int b = 0; b < blocks; b++, p += ByteClasses.BLOCK, at += ByteClasses.COUNT) {
            long digit = 0, upper = 0, key = 0, separator = 0, unsafe = 0, hex = 0, stop = 0, alnum = 0;
            for (int k = 0; k < ByteClasses.BLOCK; k += LANES) {
                ByteVector v = ByteVector.fromArray(SPECIES, a, p + k);
                VectorMask<Byte> d = between(v, '0', '9');
                ByteVector lower = v.or((byte) 0x20);
                VectorMask<Byte> letter = between(lower, 'a', 'z');
                VectorMask<Byte> dash = v.compare(EQ, (byte) '-');
                digit |= d.toLong() << k;
                alnum |= d.or(letter).toLong() << k;
                upper |= between(v, 'A', 'Z').toLong() << k;
                key |= d.or(letter).or(dash).or(v.compare(EQ, (byte) '+')).or(v.compare(EQ, (byte) '_'))
                        .or(v.compare(EQ, (byte) '/')).or(v.compare(EQ, (byte) '=')).toLong() << k;
                separator |= dash.or(v.compare(EQ, (byte) ' ')).toLong() << k;
                unsafe |= v.compare(EQ, (byte) '\\').or(v.compare(EQ, (byte) 0)).toLong() << k;
                hex |= d.or(between(lower, 'a', 'f')).toLong() << k;
                stop |= v.compare(EQ, (byte) '"').or(v.compare(EQ, (byte) '\\')).or(v.compare(LT, (byte) 0x20)).toLong() << k; // over 0x7F: negative
            }
            ByteClasses.put(masks, at, digit, upper, key, separator, 0, unsafe, hex, stop, alnum); // anchors() sets ANCHOR
        }
    }

    /**
     * {@link ScalarClassifier#anchor} for the blocks at a[p ..] (which can be looked back at 5 bytes), into
     * masks from at; each look back only when its last byte is in the vector.
     */
    private static void anchors(byte[] a, int p, int blocks, long[] masks, int at) {
        for (int b = 0; b < blocks; b++, p += ByteClasses.BLOCK, at += ByteClasses.COUNT) {
            long marks = 0;
            for (int k = 0; k < ByteClasses.BLOCK; k += LANES) {
                // each mask is made a long inside its branch: a vector value merged across branches is boxed
                int q = p + k;
                ByteVector v = ByteVector.fromArray(SPECIES, a, q);
                long found = v.compare(EQ, (byte) '@').or(v.compare(EQ, (byte) '+')).toLong();
                VectorMask<Byte> m = v.compare(EQ, (byte) 'A');
                if (m.anyTrue()) { // AKIA, ASIA
                    ByteVector b2 = back(a, q, 2);
                    found |= m.and(back(a, q, 1).compare(EQ, (byte) 'I')).and(b2.compare(EQ, (byte) 'K').or(b2.compare(EQ, (byte) 'S')))
                            .and(back(a, q, 3).compare(EQ, (byte) 'A')).toLong();
                }
                m = v.compare(EQ, (byte) 'B');
                if (m.anyTrue()) { // -----B
                    found |= m.and(back(a, q, 1).compare(EQ, (byte) '-')).and(back(a, q, 2).compare(EQ, (byte) '-'))
                            .and(back(a, q, 3).compare(EQ, (byte) '-')).and(back(a, q, 4).compare(EQ, (byte) '-'))
                            .and(back(a, q, 5).compare(EQ, (byte) '-')).toLong();
                }
                m = v.compare(EQ, (byte) 'J');
                if (m.anyTrue()) { // eyJ
                    found |= m.and(back(a, q, 1).compare(EQ, (byte) 'y')).and(back(a, q, 2).compare(EQ, (byte) 'e')).toLong();
                }
                m = v.compare(EQ, (byte) 'x');
                if (m.anyTrue()) { // xox
                    found |= m.and(back(a, q, 1).compare(EQ, (byte) 'o')).and(back(a, q, 2).compare(EQ, (byte) 'x')).toLong();
                }
                m = v.compare(EQ, (byte) '_');
                if (m.anyTrue()) { // gh?_, hub_, sk_, rk_
                    ByteVector b1 = back(a, q, 1);
                    ByteVector b2 = back(a, q, 2);
                    ByteVector b3 = back(a, q, 3);
                    VectorMask<Byte> github = b3.compare(EQ, (byte) 'g').and(b2.compare(EQ, (byte) 'h'))
                            .or(b3.compare(EQ, (byte) 'h').and(b2.compare(EQ, (byte) 'u')).and(b1.compare(EQ, (byte) 'b')));
                    VectorMask<Byte> stripe = b2.compare(EQ, (byte) 's').or(b2.compare(EQ, (byte) 'r')).and(b1.compare(EQ, (byte) 'k'));
                    found |= m.and(github.or(stripe)).toLong();
                }
                marks |= found << k;
            }
            masks[at + ByteClasses.ANCHOR] = marks;
        }
    }

    /**
     * Lanes from low to high (ASCII), in one add and one signed compare: the add moves low .. high to -128 ..
     * -128 + (high - low) and every other byte above (the unsigned compares, which would say it directly,
     * are named differently in JDK 21 and 25).
     */
    private static VectorMask<Byte> between(ByteVector v, char low, char high) {
        return v.add((byte) (-128 - low)).compare(LT, (byte) (-128 + high - low + 1));
    }

    private static ByteVector back(byte[] a, int p, int j) {
        return ByteVector.fromArray(SPECIES, a, p - j);
    }
}
