package dev.portcullis.dlp;

/** Classifies a block a byte at a time: the reference the vector classifier is tested against, and its fallback. */
final class ScalarClassifier implements BlockClassifier {
    @Override
    public void classify(byte[] a, int off, int from, int to, long[] masks) {
        for (int block = 0; from < to; block++, from += ByteClasses.BLOCK) {
            block(a, off, from, Math.min(to, from + ByteClasses.BLOCK), masks, block);
        }
    }

    /**
     * Runs by doubling, a bit per byte: d2 = two digits in a row ending at this byte, d4 = four, ... The
     * block before's runs (pd2, pd4, ...) are made from its classes alone: wrong in their lowest bits (they
     * would need the block before that one), right in the high bits the shifts into this block read.
     */
    @Override
    public long marks(long[] masks, int n, long[] bits, int w, long[] firsts, long[] ends) {
        long attention = 0;
        for (int b = 0; b < n; b++) {
            long d = masks[ByteClasses.at(ByteClasses.DIGIT, b)], pd = masks[ByteClasses.at(ByteClasses.DIGIT, b - 1)];
            long sep = masks[ByteClasses.at(ByteClasses.SEPARATOR, b)], psep = masks[ByteClasses.at(ByteClasses.SEPARATOR, b - 1)];
            long upper = masks[ByteClasses.at(ByteClasses.UPPER, b)], pu = masks[ByteClasses.at(ByteClasses.UPPER, b - 1)];
            long alnum = masks[ByteClasses.at(ByteClasses.ALNUM, b)], pa = masks[ByteClasses.at(ByteClasses.ALNUM, b - 1)];
            long k = masks[ByteClasses.at(ByteClasses.KEY, b)], pk = masks[ByteClasses.at(ByteClasses.KEY, b - 1)];
            // nine digits in a row; eleven of digits with a separator after a digit; two capitals, two digits at a word's start
            long pd2 = pd & pd << 1;
            long pd4 = pd2 & pd2 << 2;
            long d2 = d & shift(d, pd, 1);
            long d4 = d2 & shift(d2, pd2, 2);
            long d9 = d4 & shift(d4, pd4, 4) & shift(d, pd, 8);
            long pg = pd | (psep & pd << 1);
            long pg2 = pg & pg << 1;
            long pg4 = pg2 & pg2 << 2;
            long g = d | (sep & shift(d, pd, 1)); // a digit, or a separator just after one
            long g2 = g & shift(g, pg, 1);
            long g4 = g2 & shift(g2, pg2, 2);
            long g11 = g4 & shift(g4, pg4, 4) & shift(g4, pg4, 7);
            long iban = d2 & shift(upper, pu, 2) & shift(upper, pu, 3) & ~shift(alnum, pa, 4);
            bits[w + b] = d9 | g11 | iban | masks[ByteClasses.at(ByteClasses.ANCHOR, b)];
            // key runs of 20 or more
            long pk2 = pk & pk << 1;
            long pk4 = pk2 & pk2 << 2;
            long pk8 = pk4 & pk4 << 4;
            long pk20 = pk8 & pk8 << 8 & pk4 << 16;
            long k2 = k & shift(k, pk, 1);
            long k4 = k2 & shift(k2, pk2, 2);
            long k8 = k4 & shift(k4, pk4, 4);
            long k20 = k8 & shift(k8, pk8, 8) & shift(k4, pk4, 16);
            long after20 = shift(k20, pk20, 1);
            firsts[b] = k20 & ~after20;
            ends[b] = ~k & after20;
            if ((firsts[b] | ends[b] | masks[ByteClasses.at(ByteClasses.UNSAFE, b)]) != 0) {
                attention |= 1L << b;
            }
        }
        return attention;
    }

    /** m as seen n bytes later: bit j says what bit j - n said, reaching into the block before (prev). */
    private static long shift(long m, long prev, int n) {
        return (m << n) | (prev >>> (64 - n));
    }

    @Override
    public void punctuation(byte[] a, int from, int to, long[] out, int at) {
        for (; from < to; at += JsonStructure.COUNT, from += ByteClasses.BLOCK) {
            long quote = 0, open = 0, close = 0, comma = 0;
            for (int i = from, end = Math.min(to, from + ByteClasses.BLOCK); i < end; i++) {
                long bit = 1L << (i - from);
                byte c = a[i];
                quote |= c == '"' ? bit : 0;
                open |= c == '{' || c == '[' ? bit : 0;
                close |= c == '}' || c == ']' ? bit : 0;
                comma |= c == ',' ? bit : 0;
            }
            JsonStructure.put(out, at, quote, open, close, comma);
        }
    }

    /** One block, a[from, to), into masks as the chunk's block number block. */
    static void block(byte[] a, int off, int from, int to, long[] masks, int block) {
        long digit = 0, upper = 0, key = 0, separator = 0, anchor = 0, unsafe = 0, hex = 0, stop = 0, alnum = 0;
        for (int i = from; i < to; i++) {
            long bit = 1L << (i - from);
            byte c = a[i];
            digit |= Chars.isDigit(c) ? bit : 0;
            upper |= Chars.isUpper(c) ? bit : 0;
            key |= Chars.isKeyChar(c) || c == '=' ? bit : 0;
            separator |= c == ' ' || c == '-' ? bit : 0;
            unsafe |= c == '\\' || c == 0 ? bit : 0;
            anchor |= anchor(a, off, i) ? bit : 0;
            hex |= Chars.isUuidChar(c) && c != '-' ? bit : 0;
            stop |= c == '"' || c == '\\' || c < 0x20 ? bit : 0; // a byte over 0x7F is negative
            alnum |= Chars.isAlnum(c) ? bit : 0;
        }
        ByteClasses.put(masks, block, digit, upper, key, separator, anchor, unsafe, hex, stop, alnum);
    }

    /**
     * Is a[i] a fixed mark some detector needs: '@' (e-mail), '+' (phone), or the last byte of AKIA/ASIA,
     * -----B (PEM), eyJ (JWT), gh?_ and hub_ (GitHub), xox (Slack), sk_/rk_ (Stripe)?
     */
    static boolean anchor(byte[] a, int off, int i) {
        return switch (a[i]) {
            case '@', '+' -> true;
            case 'A' -> before(a, off, i, "AKI") || before(a, off, i, "ASI");
            case 'B' -> before(a, off, i, "-----");
            case 'J' -> before(a, off, i, "ey");
            case 'x' -> before(a, off, i, "xo");
            case '_' -> (i - 3 >= off && a[i - 3] == 'g' && a[i - 2] == 'h') || before(a, off, i, "hub")
                    || (i - 2 >= off && (a[i - 2] == 's' || a[i - 2] == 'r') && a[i - 1] == 'k');
            default -> false;
        };
    }

    /** Do the bytes just before i (and not before off) spell s? */
    private static boolean before(byte[] a, int off, int i, String s) {
        int start = i - s.length();
        if (start < off) {
            return false;
        }
        for (int j = 0; j < s.length(); j++) {
            if (a[start + j] != s.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}
