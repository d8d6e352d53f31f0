package dev.portcullis.dlp;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
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
    private static final VectorSpecies<Long> BLOCKS = LongVector.SPECIES_PREFERRED; // blocks marked at a time
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
        long[] masks = new long[ByteClasses.SIZE];
        ScalarClassifier.block(bytes, 0, 0, bytes.length, masks, 0);
        byte[] t = new byte[bytes.length];
        for (int i = 0; i < t.length; i++) {
            for (int k = 0; k < TABLE_CLASSES.length; k++) {
                t[i] |= (byte) ((masks[ByteClasses.at(TABLE_CLASSES[k], 0)] >>> i & 1) << k);
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
        int block = 0;
        if (from - LOOK_BACK < off) { // the body's first block: nothing before it to look back at
            edge(a, off, from, Math.min(end, from + ByteClasses.BLOCK), masks, block);
            from += ByteClasses.BLOCK;
            block++;
        }
        int whole = Math.max(0, (end - from) / ByteClasses.BLOCK);
        if (whole > 0) {
            classes(a, from, whole, masks, block, byTable);
            anchors(a, from, whole, masks, block);
            from += whole * ByteClasses.BLOCK;
            block += whole;
        }
        if (from < end) { // a short last block
            edge(a, off, from, end, masks, block);
        }
    }

    /**
     * {@link ScalarClassifier#marks}, several blocks at a time (a lane per block). Each shift(m, prev, n) of
     * the scalar code is written out as m << n | prev >>> 64 - n: a helper method taking vectors would box
     * them wherever the JIT does not inline it.
     */
    @Override
    public long marks(long[] masks, int n, long[] bits, int w, long[] firsts, long[] ends) {
        digitMarks(masks, n, bits, w);
        return keyRuns(masks, n, firsts, ends);
    }

    /** Nine digits in a row; eleven of digits with a separator after a digit; an IBAN's start; the fixed marks. */
    private static void digitMarks(long[] masks, int n, long[] bits, int w) {
        int digit = ByteClasses.at(ByteClasses.DIGIT, 0), sepa = ByteClasses.at(ByteClasses.SEPARATOR, 0);
        int up = ByteClasses.at(ByteClasses.UPPER, 0), al = ByteClasses.at(ByteClasses.ALNUM, 0);
        int anchor = ByteClasses.at(ByteClasses.ANCHOR, 0);
        for (int b = 0; b < n; b += BLOCKS.length()) {
            LongVector d = LongVector.fromArray(BLOCKS, masks, digit + b), pd = LongVector.fromArray(BLOCKS, masks, digit + b - 1);
            LongVector sep = LongVector.fromArray(BLOCKS, masks, sepa + b), psep = LongVector.fromArray(BLOCKS, masks, sepa + b - 1);
            LongVector pd2 = pd.and(pd.lanewise(LSHL, 1));
            LongVector pd4 = pd2.and(pd2.lanewise(LSHL, 2));
            LongVector d2 = d.and(d.lanewise(LSHL, 1).or(pd.lanewise(LSHR, 63)));
            LongVector d4 = d2.and(d2.lanewise(LSHL, 2).or(pd2.lanewise(LSHR, 62)));
            LongVector d9 = d4.and(d4.lanewise(LSHL, 4).or(pd4.lanewise(LSHR, 60))).and(d.lanewise(LSHL, 8).or(pd.lanewise(LSHR, 56)));
            LongVector pg = pd.or(psep.and(pd.lanewise(LSHL, 1)));
            LongVector pg2 = pg.and(pg.lanewise(LSHL, 1));
            LongVector pg4 = pg2.and(pg2.lanewise(LSHL, 2));
            LongVector g = d.or(sep.and(d.lanewise(LSHL, 1).or(pd.lanewise(LSHR, 63))));
            LongVector g2 = g.and(g.lanewise(LSHL, 1).or(pg.lanewise(LSHR, 63)));
            LongVector g4 = g2.and(g2.lanewise(LSHL, 2).or(pg2.lanewise(LSHR, 62)));
            LongVector g11 = g4.and(g4.lanewise(LSHL, 4).or(pg4.lanewise(LSHR, 60))).and(g4.lanewise(LSHL, 7).or(pg4.lanewise(LSHR, 57)));
            LongVector upper = LongVector.fromArray(BLOCKS, masks, up + b), pu = LongVector.fromArray(BLOCKS, masks, up + b - 1);
            LongVector alnum = LongVector.fromArray(BLOCKS, masks, al + b), pa = LongVector.fromArray(BLOCKS, masks, al + b - 1);
            LongVector iban = d2.and(upper.lanewise(LSHL, 2).or(pu.lanewise(LSHR, 62))).and(upper.lanewise(LSHL, 3).or(pu.lanewise(LSHR, 61)))
                    .and(alnum.lanewise(LSHL, 4).or(pa.lanewise(LSHR, 60)).not());
            d9.or(g11).or(iban).or(LongVector.fromArray(BLOCKS, masks, anchor + b)).intoArray(bits, w + b);
        }
    }

    /** Key runs of 20 or more: their 20th bytes and the bytes after them; the blocks to look at again. */
    private static long keyRuns(long[] masks, int n, long[] firsts, long[] ends) {
        int key = ByteClasses.at(ByteClasses.KEY, 0), unsafe = ByteClasses.at(ByteClasses.UNSAFE, 0);
        long attention = 0;
        for (int b = 0; b < n; b += BLOCKS.length()) {
            LongVector k = LongVector.fromArray(BLOCKS, masks, key + b), pk = LongVector.fromArray(BLOCKS, masks, key + b - 1);
            LongVector pk2 = pk.and(pk.lanewise(LSHL, 1));
            LongVector pk4 = pk2.and(pk2.lanewise(LSHL, 2));
            LongVector pk8 = pk4.and(pk4.lanewise(LSHL, 4));
            LongVector pk20 = pk8.and(pk8.lanewise(LSHL, 8)).and(pk4.lanewise(LSHL, 16));
            LongVector k2 = k.and(k.lanewise(LSHL, 1).or(pk.lanewise(LSHR, 63)));
            LongVector k4 = k2.and(k2.lanewise(LSHL, 2).or(pk2.lanewise(LSHR, 62)));
            LongVector k8 = k4.and(k4.lanewise(LSHL, 4).or(pk4.lanewise(LSHR, 60)));
            LongVector k20 = k8.and(k8.lanewise(LSHL, 8).or(pk8.lanewise(LSHR, 56))).and(k4.lanewise(LSHL, 16).or(pk4.lanewise(LSHR, 48)));
            LongVector after20 = k20.lanewise(LSHL, 1).or(pk20.lanewise(LSHR, 63));
            LongVector first = k20.and(after20.not());
            LongVector end = k.not().and(after20);
            first.intoArray(firsts, b);
            end.intoArray(ends, b);
            attention |= first.or(end).or(LongVector.fromArray(BLOCKS, masks, unsafe + b)).compare(NE, 0).toLong() << b;
        }
        return n == 64 ? attention : attention & ((1L << n) - 1);
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
    private void edge(byte[] a, int off, int from, int to, long[] masks, int block) {
        byte[] padded = new byte[LOOK_BACK + ByteClasses.BLOCK];
        int back = Math.min(LOOK_BACK, from - off);
        System.arraycopy(a, from - back, padded, LOOK_BACK - back, back + to - from);
        classes(padded, LOOK_BACK, 1, masks, block, byTable);
        anchors(padded, LOOK_BACK, 1, masks, block);
        int n = to - from;
        long valid = n == 64 ? -1L : (1L << n) - 1;
        for (int c = 0; c < ByteClasses.COUNT; c++) {
            masks[ByteClasses.at(c, block)] &= valid;
        }
    }

    /**
     * Every class but the fixed marks, for the blocks at a[p ..], into masks as blocks block, block + 1, ...:
     * from the tables, 64-byte vectors (each byte's class bits looked up: its low six bits index both
     * tables, its 0x40 bit picks one; a byte over 0x7F is only a string stop; then one test per class), or
     * a compare per class. Both ways in one method on purpose, as are the other vector loops here (anchors,
     * digitMarks, keyRuns): each is over the 325 bytes of bytecode up to which C2 inlines a hot method, so it
     * is never inlined into the search. Inlined there (classify is), the vector code ran the search out of
     * C2's node budget in one start in four and fell back to slow, allocating vector objects (3.6 -> 9.5 µs
     * per 16 KiB).
     */
    private static void classes(byte[] a, int p, int blocks, long[] masks, int block, boolean byTable) {
        if (byTable) {
            for (int b = 0; b < blocks; b++, p += ByteClasses.BLOCK, block++) {
                ByteVector v = ByteVector.fromArray(SPECIES, a, p);
                ByteVector index = v.and((byte) 63);
                ByteVector c = index.selectFrom(LOW_TABLE).blend(index.selectFrom(HIGH_TABLE), v.and((byte) 64).compare(NE, (byte) 0))
                        .blend((byte) T_STOP, v.compare(LT, (byte) 0));
                ByteClasses.put(masks, block, has(c, T_DIGIT), has(c, T_UPPER), has(c, T_KEY), has(c, T_SEPARATOR), 0,
                        has(c, T_UNSAFE), has(c, T_HEX), has(c, T_STOP), c.compare(LT, (byte) 0).toLong()); // T_ALNUM: the sign bit
            }
            return;
        }
        for (int b = 0; b < blocks; b++, p += ByteClasses.BLOCK, block++) {
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
            ByteClasses.put(masks, block, digit, upper, key, separator, 0, unsafe, hex, stop, alnum); // anchors() sets ANCHOR
        }
    }

    private static long has(ByteVector classes, int bit) {
        return classes.and((byte) bit).compare(NE, (byte) 0).toLong();
    }

    /**
     * {@link ScalarClassifier#anchor} for the blocks at a[p ..] (which can be looked back at 5 bytes), into
     * masks as blocks block, block + 1, ...; each look back only when its last byte is in the vector.
     */
    private static void anchors(byte[] a, int p, int blocks, long[] masks, int block) {
        for (int b = 0; b < blocks; b++, p += ByteClasses.BLOCK, block++) {
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
            masks[ByteClasses.at(ByteClasses.ANCHOR, block)] = marks;
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
