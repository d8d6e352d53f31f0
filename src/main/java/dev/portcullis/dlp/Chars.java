package dev.portcullis.dlp;

/** Character classes for the scanner and its detectors (ASCII only: every pattern they look for is ASCII). */
final class Chars {
    static final byte OTHER = 0, DIGIT = 1, UPPER = 2, LOWER = 3, AT = 4, PLUS = 5, DASH = 6;
    // indexed by any char (64 KiB each): no range check on the hot path; only ASCII entries are set
    static final byte[] CLASS = new byte[65536];
    private static final boolean[] ALNUM = new boolean[65536];
    private static final boolean[] KEY = new boolean[65536];
    private static final boolean[] UUID = new boolean[65536];

    static {
        for (char c = '0'; c <= '9'; c++) {
            CLASS[c] = DIGIT;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            CLASS[c] = UPPER;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            CLASS[c] = LOWER;
        }
        for (int c = 0; c < 128; c++) {
            ALNUM[c] = CLASS[c] == DIGIT || CLASS[c] == UPPER || CLASS[c] == LOWER;
            KEY[c] = ALNUM[c] || c == '_' || c == '-' || c == '+' || c == '/';
            UUID[c] = CLASS[c] == DIGIT || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
        }
        CLASS['@'] = AT;
        CLASS['+'] = PLUS;
        CLASS['-'] = DASH;
    }

    private Chars() {}

    static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    static boolean isUpper(char c) { return c >= 'A' && c <= 'Z'; }

    static boolean isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    static boolean isAlnum(char c) { return ALNUM[c]; }

    // the same for a byte of ASCII-compatible text (a byte over 0x7F is never one of these)
    static boolean isDigit(byte b) { return b >= '0' && b <= '9'; }

    static boolean isUpper(byte b) { return b >= 'A' && b <= 'Z'; }

    static boolean isAlnum(byte b) { return ALNUM[b & 0xFF]; }

    static boolean isKeyChar(byte b) { return KEY[b & 0xFF]; }

    static boolean isUuidChar(byte b) { return UUID[b & 0xFF]; }

    static boolean isBase64Url(char c) { return isAlnum(c) || c == '-' || c == '_'; }

    /** Characters of API keys: letters, digits, _ - + / */
    static boolean isKeyChar(char c) { return KEY[c]; }

    /** Hex digits and '-': what a UUID is made of. */
    static boolean isUuidChar(char c) { return UUID[c]; }

    static boolean startsWith(CharSequence s, String prefix, int at) {
        if (at < 0 || at + prefix.length() > s.length()) {
            return false;
        }
        for (int j = 0; j < prefix.length(); j++) {
            if (s.charAt(at + j) != prefix.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(CharSequence s, String what, int from) {
        for (int i = Math.max(0, from); i + what.length() <= s.length(); i++) {
            if (startsWith(s, what, i)) {
                return i;
            }
        }
        return -1;
    }
}
