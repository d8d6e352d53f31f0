package dev.portcullis.dlp;

/** Classifies a block a byte at a time: the reference the vector classifier is tested against, and its fallback. */
final class ScalarClassifier implements BlockClassifier {
    @Override
    public void classify(byte[] a, int off, int from, int to, long[] masks) {
        for (int at = 0; from < to; at += ByteClasses.COUNT, from += ByteClasses.BLOCK) {
            block(a, off, from, Math.min(to, from + ByteClasses.BLOCK), masks, at);
        }
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

    /** One block, a[from, to), into masks[at ..]. */
    static void block(byte[] a, int off, int from, int to, long[] masks, int at) {
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
        ByteClasses.put(masks, at, digit, upper, key, separator, anchor, unsafe, hex, stop, alnum);
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
