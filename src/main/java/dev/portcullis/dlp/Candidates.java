package dev.portcullis.dlp;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where in a body any built-in detector could find something: a bit per byte, found in one pass of
 * 64-byte blocks before the scan, so that the scan can pass over every value (or a whole body) that has
 * no candidate. A candidate is a necessary condition, never a finding: some detector's validator still
 * decides. Each detector's condition, marked on a byte inside what it would find:
 * <ul>
 *   <li>card, SSN: nine digits in a row, or eleven of digits with a ' ' or '-' after a digit (13 to 19
 *       digits in groups; 3-2-4);
 *   <li>IBAN: two capitals then two digits, at a word's start;
 *   <li>e-mail '@'; phone '+' (E.164 needs it); AKIA/ASIA, -----B, eyJ, gh?_, hub_, xox, sk_/rk_;
 *   <li>AWS secret and generic API key: a run of at least 20 key characters ('=' padding counted)
 *       that mixes letters and digits and is not exactly a UUID.
 * </ul>
 * Nothing inside a run that is exactly a UUID is a candidate: the scanner passes over UUIDs whole (and
 * a few in a hundred have digit groups that look like the start of a card). Nor is a lone run of digits
 * no card or SSN can be (an epoch-millisecond timestamp, a long id: {@link #clearLoneNumbers}).
 * Not made (null) when the bytes as they are do not show what the scanner reads: a NUL (UTF-16 or
 * UTF-32). A backslash is noted ({@link #escapes()}): the bytes of a JSON string with escapes are not
 * what the scanner reads (it reads them decoded), so the JSON reader scans every such string whole and
 * reads the body up to its last backslash at least; every other string it judges by its marks.
 */
final class Candidates {
    static final BlockClassifier CLASSIFIER = BlockClassifier.best();
    /** Blocks classified at a time when any candidate will do: the search stops within 512 bytes of the first. */
    private static final int ANY_SPAN = 8;
    /** Bodies up to 64 KiB use their thread's arrays for the marks; larger ones get their own. */
    private static final int REUSED_WORDS = 1024;
    /** Bodies up to this size held outside the heap are searched from their thread's copy of them ({@link #scratchCopy}). */
    static final int REUSED_BYTES = REUSED_WORDS * ByteClasses.BLOCK;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Each thread's arrays for a search (not allocated per body): the classes of one chunk, and the marks
     * of the last body searched. A search invalidates the Candidates made before it on the same thread.
     */
    private static final class Scratch {
        final long[] masks = new long[ByteClasses.SIZE];
        final long[] firsts = new long[ByteClasses.CHUNK]; // of a chunk's key runs (BlockClassifier.marks)
        final long[] ends = new long[ByteClasses.CHUNK];
        long[] bits = new long[0];
        long[] stops = new long[0];
        byte[] body = new byte[0];
        int generation;
    }

    /**
     * The remaining bytes of pieces, in order (up to {@link #REUSED_BYTES} in all; their positions are not
     * moved), copied into this thread's array from index 0, for the scan of a body that lies outside the
     * heap: no array allocated and zeroed per call. Valid until the next call on this thread; the array
     * may be longer than the bytes.
     */
    static byte[] scratchCopy(List<ByteBuffer> pieces, int length) {
        if (length > REUSED_BYTES) {
            throw new IllegalArgumentException(length + " bytes is over the " + REUSED_BYTES + " a thread's copy holds");
        }
        Scratch s = SCRATCH.get();
        if (s.body.length < length) {
            s.body = new byte[Math.max(length, 16 * 1024)];
        }
        int at = 0;
        for (ByteBuffer piece : pieces) {
            piece.get(piece.position(), s.body, at, piece.remaining());
            at += piece.remaining();
        }
        return s.body;
    }

    private final int off;
    private final int end;
    private final int words; // of bits and stops in use
    private final long[] bits; // bit j of word w: a candidate at byte off + 64 w + j
    private final long[] stops; // the same for the bytes that end plain JSON string content (ByteClasses.STOP)
    private final Scratch scratch; // null: bits and stops are this search's own
    private final int generation;
    private int count;
    private int lastBackslash = -1; // the position of the body's last backslash, if any
    private int wordsClear; // any(): the words of marks already seen to hold none
    private int runStart = -1; // the start of the key run of 20+ being read, if any

    private Candidates(int off, int len, Scratch s) {
        this.off = off;
        this.end = off + len;
        this.words = ByteClasses.blocks(len);
        int room = (words + 7) & ~7; // BlockClassifier.marks may write up to 8 blocks at a time
        if (words <= REUSED_WORDS) {
            if (s.bits.length < room) {
                s.bits = new long[Math.max(room, 256)];
                s.stops = new long[s.bits.length];
            }
            scratch = s;
            generation = ++s.generation;
            bits = s.bits;
            stops = s.stops;
        } else {
            scratch = null;
            generation = 0;
            bits = new long[room];
            stops = new long[room];
        }
    }

    /** A Candidates outlived by a later search on its thread would read that search's marks: a bug, stopped here. */
    private void checkCurrent() {
        if (scratch != null && scratch.generation != generation) {
            throw new IllegalStateException("candidates read after another search on the same thread");
        }
    }

    /** Which classifier runs here: logged once at start. */
    static String engine() {
        return CLASSIFIER instanceof VectorClassifier v ? "vector (" + VectorClassifier.lanes() + " bytes, " + v.method() + ")"
                : "scalar (start the JVM with --add-modules jdk.incubator.vector for SIMD, as ./portcullis does)";
    }

    /** The candidates in a[off, off + len), or null when the bytes as they are cannot tell (see the class comment). */
    static Candidates find(byte[] a, int off, int len) {
        return find(a, off, len, CLASSIFIER, false);
    }

    /**
     * Only whether a[off, off + len) has a candidate (for a body scanned whole or not at all): the search
     * stops at the end of the first chunk that settles one. The result tells {@link #none()} and nothing else.
     */
    static Candidates any(byte[] a, int off, int len) {
        return find(a, off, len, CLASSIFIER, true);
    }

    static Candidates find(byte[] a, int off, int len, BlockClassifier classifier, boolean anyWillDo) {
        Scratch scratch = SCRATCH.get();
        Candidates found = new Candidates(off, len, scratch);
        long[] masks = scratch.masks; // a chunk's classes, each written before it is read
        ByteClasses.carry(masks, 0); // no block before the body's first
        int end = off + len;
        int span = (anyWillDo ? ANY_SPAN : ByteClasses.CHUNK) * ByteClasses.BLOCK; // bytes classified at a time
        for (int from = off, w = 0; from < end; ) {
            if (anyWillDo && from > off && found.anySet(settled(a, off, from, found.runStart) - off)) {
                found.count = 1;
                return found;
            }
            int to = Math.min(end, from + span);
            int n = ByteClasses.blocks(to - from);
            classifier.classify(a, off, from, to, masks);
            long again = classifier.marks(masks, n, found.bits, w, scratch.firsts, scratch.ends);
            System.arraycopy(masks, ByteClasses.at(ByteClasses.STOP, 0), found.stops, w, n);
            for (long m = again; m != 0; m &= m - 1) {
                int b = Long.numberOfTrailingZeros(m);
                int at = from + b * ByteClasses.BLOCK;
                long unsafe = masks[ByteClasses.at(ByteClasses.UNSAFE, b)];
                if (unsafe != 0) {
                    if (hasNul(a, at, unsafe)) {
                        return null;
                    }
                    found.lastBackslash = at + 63 - Long.numberOfLeadingZeros(unsafe);
                }
                if ((scratch.firsts[b] | scratch.ends[b]) != 0) {
                    found.keyRuns(a, at, scratch.firsts[b], scratch.ends[b], masks, b);
                }
            }
            ByteClasses.carry(masks, n);
            from = to;
            w += n;
        }
        if (found.runStart >= 0) { // a run to the end of the body
            found.keyRun(a, found.runStart, end, uuid(a, found.runStart, end));
        }
        found.clearLoneNumbers(a);
        for (int w = 0; w < found.words; w++) {
            found.count += Long.bitCount(found.bits[w]);
        }
        return found;
    }

    /** Is one of the bytes marked in the block at from (a '\\' or a NUL) a NUL? */
    private static boolean hasNul(byte[] a, int from, long marked) {
        for (long m = marked; m != 0; m &= m - 1) {
            if (a[from + Long.numberOfTrailingZeros(m)] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the marks made so far are final, the bytes up to from being read: before the run of key
     * characters still open at from (counted from its 20th byte's start, or up to 36 back: it may yet
     * prove a UUID, which clears the marks inside it).
     */
    private static int settled(byte[] a, int off, int from, int runStart) {
        int t = from;
        while (t > off && from - t < 36 && (Chars.isKeyChar(a[t - 1]) || a[t - 1] == '=')) {
            t--;
        }
        return runStart >= 0 ? Math.min(runStart, t) : t;
    }

    /**
     * Is any candidate marked before position rel (from off)? Called with rel growing: the words wholly
     * before the last call's rel held none and are final (marks before a settled position never change),
     * so each call starts where the last one ended instead of at the body's start.
     */
    private boolean anySet(int rel) {
        for (int w = wordsClear; w < words && w << 6 < rel; w++) {
            if ((bits[w] & lowBits(rel - (w << 6))) != 0) {
                return true;
            }
        }
        wordsClear = Math.max(wordsClear, Math.min(words, rel >>> 6));
        return false;
    }

    /** Clears the candidates in [from, to) (positions in the body). */
    private void clear(int from, int to) {
        for (int i = from - off, stop = to - off; i < stop; ) {
            int w = i >>> 6;
            int wordEnd = Math.min(stop, (w + 1) << 6);
            bits[w] &= ~(lowBits(wordEnd - i) << i);
            i = wordEnd;
        }
    }

    /** The n lowest bits set (all 64 from n = 64 up). */
    private static long lowBits(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    /**
     * Clears the marks of the digit runs no detector can take: 10 or more digits standing alone (no digit
     * group just before or after, nothing of a key around them) that are not 13 to 19 digits from a card
     * issuer's first digit (2 to 6). Epoch-millisecond timestamps and long ids are such runs, common in
     * JSON. Their only marks are their own nine-digits-in-a-row (a key run would need a key character next
     * to them; a group, a separator), and the scanner reads such a run as one group: 10-12 or 20+ digits
     * are nothing, and 13-19 a card only from an issuer's prefix.
     */
    private void clearLoneNumbers(byte[] a) {
        for (int p = firstSet(bits, off, end); p < end; ) {
            int e = p + 1;
            if (Chars.isDigit(a[p])) {
                int s = p;
                while (s > off && Chars.isDigit(a[s - 1])) {
                    s--;
                }
                while (e < end && Chars.isDigit(a[e])) {
                    e++;
                }
                if (aloneBefore(a, s) && aloneAfter(a, e) && takenByNone(a, s, e)) {
                    int stop = e < end && a[e] == ' ' ? e + 1 : e; // "11 digits or separators" may mark that space too
                    clear(s, stop);
                    e = stop;
                }
            }
            p = firstSet(bits, e, end);
        }
    }

    /**
     * Nothing a run starting at s could join: the body's start, a byte that is no key character ('-' is
     * one), or a space with no digit before it (no group to join).
     */
    private boolean aloneBefore(byte[] a, int s) {
        if (s == off) {
            return true;
        }
        byte c = a[s - 1];
        return c == ' ' ? s - 1 == off || !Chars.isDigit(a[s - 2]) : c != '=' && !Chars.isKeyChar(c); // '=': in key runs here
    }

    /** The same after a run ending at e. */
    private boolean aloneAfter(byte[] a, int e) {
        if (e == end) {
            return true;
        }
        byte c = a[e];
        return c == ' ' ? e + 1 == end || !Chars.isDigit(a[e + 1]) : c != '=' && !Chars.isKeyChar(c);
    }

    /** 10-12 or 20+ digits, or 13-19 that no card issuer's prefix starts (they all start with 2 to 6). */
    private static boolean takenByNone(byte[] a, int s, int e) {
        int length = e - s;
        return length >= 10 && (length <= 12 || length >= 20 || a[s] < '2' || a[s] > '6');
    }

    /**
     * The starts and ends of key runs of 20+ in the block at from (block b of the chunk whose classes are
     * in masks), in order: each run judged at its end.
     */
    private void keyRuns(byte[] a, int from, long firsts, long ends, long[] masks, int b) {
        long phex = masks[ByteClasses.at(ByteClasses.HEX, b - 1)], hex = masks[ByteClasses.at(ByteClasses.HEX, b)];
        long psep = masks[ByteClasses.at(ByteClasses.SEPARATOR, b - 1)], sep = masks[ByteClasses.at(ByteClasses.SEPARATOR, b)];
        for (long m = firsts | ends; m != 0; m &= m - 1) {
            int bit = Long.numberOfTrailingZeros(m);
            if ((ends >>> bit & 1) != 0 && runStart >= 0) {
                int stop = from + bit;
                boolean uuid = stop - runStart == 36 && (window36(phex, hex, from, runStart) | UUID_DASHES) == UUID_BITS
                        && window36(psep, sep, from, runStart) == UUID_DASHES;
                keyRun(a, runStart, stop, uuid);
                runStart = -1;
            }
            if ((firsts >>> bit & 1) != 0) {
                runStart = from + bit - 19;
            }
        }
    }

    /** A run of key characters [start, stop): a candidate (at its 20th byte) if a key detector could take it; a UUID clears its inside. */
    private void keyRun(byte[] a, int start, int stop, boolean uuid) {
        if (uuid) {
            clear(start, stop);
        } else if (mixed(a, start, stop)) {
            int i = start + 19 - off;
            bits[i >>> 6] |= 1L << i;
        }
    }

    private static boolean mixed(byte[] a, int start, int stop) {
        boolean letter = false;
        boolean digit = false;
        for (int i = start; i < stop && !(letter && digit); i++) {
            digit |= Chars.isDigit(a[i]);
            letter |= Chars.isAlnum(a[i]) && !Chars.isDigit(a[i]);
        }
        return letter && digit;
    }

    private static final long UUID_BITS = (1L << 36) - 1;
    private static final long UUID_DASHES = 1L << 8 | 1L << 13 | 1L << 18 | 1L << 23;

    /**
     * The 36 bits from position start of a class's masks for the block before (lo) and the block at from
     * (hi): a run that ends in this block began at most 36 bytes before it.
     */
    private static long window36(long lo, long hi, int from, int start) {
        int s = start - (from - ByteClasses.BLOCK); // 0 .. 91
        long w = s >= 64 ? hi >>> (s - 64) : s == 0 ? lo : (lo >>> s) | (hi << (64 - s));
        return w & UUID_BITS;
    }

    /** 8-4-4-4-12 hex digits: what the scanner passes over whole (TextScanner.uuidAt, from its first word). */
    private static boolean uuid(byte[] a, int start, int stop) {
        if (stop - start != 36 || a[start + 8] != '-' || a[start + 13] != '-' || a[start + 18] != '-' || a[start + 23] != '-') {
            return false;
        }
        for (int j = 0; j < 36; j++) {
            boolean dash = j == 8 || j == 13 || j == 18 || j == 23;
            if (dash ? a[start + j] != '-' : a[start + j] == '-' || !Chars.isUuidChar(a[start + j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first byte at or after from (a position in the body, before its end) that is '"', '\\', a control
     * character or over 0x7F; the body's end if none: {@link Utf8#plainEnd} from the masks already made.
     */
    int plainEnd(int from) {
        return firstSet(stops, from, end);
    }

    /** The position of the first candidate at or after from (a position in the body), or the body's end if none. */
    int next(int from) {
        return count == 0 ? end : firstSet(bits, from, end);
    }

    /**
     * The position of the first set bit of marks at or after from (positions in the body), looking through
     * the words up to the one that holds limit - 1 only: a result at or after limit (the body's end when
     * nothing was found) means no bit in [from, limit).
     */
    private int firstSet(long[] marks, int from, int limit) {
        checkCurrent();
        if (from >= limit) {
            return end;
        }
        int i = from - off;
        int w = i >>> 6;
        int last = (limit - 1 - off) >>> 6;
        long m = marks[w] & (-1L << i);
        while (m == 0) {
            if (++w > last) {
                return end;
            }
            m = marks[w];
        }
        return off + (w << 6) + Long.numberOfTrailingZeros(m);
    }

    /**
     * How far a JSON reader must read (a position in the body): the last candidate or the last backslash,
     * whichever comes later; off - 1 if there is neither.
     */
    int last() {
        checkCurrent();
        for (int w = words - 1; w >= 0; w--) {
            if (bits[w] != 0) {
                return Math.max(lastBackslash, off + (w << 6) + 63 - Long.numberOfLeadingZeros(bits[w]));
            }
        }
        return Math.max(lastBackslash, off - 1);
    }

    /** Has the body a backslash (JSON escapes: strings whose bytes are not what the scanner reads)? */
    boolean escapes() { return lastBackslash >= 0; }

    /** No candidate anywhere: no built-in detector can find anything in these bytes. */
    boolean none() { return count == 0; }

    /** Is there a candidate in a[from, to)? */
    boolean any(int from, int to) {
        return count != 0 && firstSet(bits, from, to) < to;
    }
}
