package dev.portcullis.dlp;

/**
 * The byte classes of the candidate search, for each 64-byte block of a body: one long per class, bit j
 * set when byte j of the block is in it, at masks[block * COUNT + class]. Filled by a {@link BlockClassifier}.
 */
final class ByteClasses {
    static final int BLOCK = 64;
    /** Blocks classified in one go: the search's scratch stays small (4 KiB) whatever the body's size. */
    static final int CHUNK = 64;

    static final int DIGIT = 0; // 0-9
    static final int UPPER = 1; // A-Z
    static final int KEY = 2; // what keys are made of: letters, digits, _ - + / and = (padding)
    static final int SEPARATOR = 3; // ' ' or '-': between the digit groups of a card or an SSN
    // where a detector with a fixed mark could match: '@', '+', and the last byte of AKIA/ASIA, -----B,
    // eyJ, gh?_, hub_, xox, sk_/rk_
    static final int ANCHOR = 4;
    static final int UNSAFE = 5; // '\\' or NUL: escapes or a UTF-16/32 body, which the bytes as they are do not show
    static final int HEX = 6; // 0-9 a-f A-F: with the '-' of SEPARATOR, what a UUID is made of
    static final int STOP = 7; // '"', '\\', a control character or a byte over 0x7F: what ends plain JSON string content
    static final int ALNUM = 8; // letters and digits: a word goes on (an IBAN starts only where one does not)
    static final int COUNT = 9;

    private ByteClasses() {}

    /** One block's masks into masks[at ..], in class order. */
    static void put(long[] masks, int at, long digit, long upper, long key, long separator, long anchor, long unsafe,
            long hex, long stop, long alnum) {
        masks[at + DIGIT] = digit;
        masks[at + UPPER] = upper;
        masks[at + KEY] = key;
        masks[at + SEPARATOR] = separator;
        masks[at + ANCHOR] = anchor;
        masks[at + UNSAFE] = unsafe;
        masks[at + HEX] = hex;
        masks[at + STOP] = stop;
        masks[at + ALNUM] = alnum;
    }

    /** Blocks in len bytes. */
    static int blocks(int len) { return (len + BLOCK - 1) / BLOCK; }
}
