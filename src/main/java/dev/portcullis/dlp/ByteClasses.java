package dev.portcullis.dlp;

/**
 * The byte classes of the candidate search, for each 64-byte block of a chunk of a body: one long per
 * class, bit j set when byte j of the block is in it, at masks[{@link #at}(class, block)]. Filled by a
 * {@link BlockClassifier}. Each class is a row of its own (the blocks of a class side by side, for SIMD
 * over blocks), and the slot before a row's first block holds the class of the block before the chunk
 * (zero at the body's start: {@link #carry}).
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
    /** One class's row: the block before the chunk, then the chunk's blocks. */
    static final int STRIDE = CHUNK + 1;
    /** The longs of a chunk's masks. */
    static final int SIZE = COUNT * STRIDE;

    private ByteClasses() {}

    /** Where the mask of a class for a block of the chunk (0 .. CHUNK - 1; -1: the block before the chunk) is. */
    static int at(int type, int block) { return type * STRIDE + 1 + block; }

    /** One block's masks, in class order. */
    static void put(long[] masks, int block, long digit, long upper, long key, long separator, long anchor, long unsafe,
            long hex, long stop, long alnum) {
        masks[at(DIGIT, block)] = digit;
        masks[at(UPPER, block)] = upper;
        masks[at(KEY, block)] = key;
        masks[at(SEPARATOR, block)] = separator;
        masks[at(ANCHOR, block)] = anchor;
        masks[at(UNSAFE, block)] = unsafe;
        masks[at(HEX, block)] = hex;
        masks[at(STOP, block)] = stop;
        masks[at(ALNUM, block)] = alnum;
    }

    /** After a chunk of n blocks: its last block becomes the block before the next chunk (n = 0: none, the body's start). */
    static void carry(long[] masks, int n) {
        for (int type = 0; type < COUNT; type++) {
            masks[at(type, -1)] = n == 0 ? 0 : masks[at(type, n - 1)];
        }
    }

    /** Blocks in len bytes. */
    static int blocks(int len) { return (len + BLOCK - 1) / BLOCK; }
}
