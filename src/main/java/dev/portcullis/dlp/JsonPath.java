package dev.portcullis.dlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the JSON reader is, as a JSONPath ($.customer.cards[2].number). Keys are kept as positions in
 * the document's bytes and made Strings only when a path is asked for (a finding: rare).
 */
final class JsonPath {
    private final byte[] src;
    private boolean[] object = new boolean[16];
    private int[] index = new int[16]; // arrays: the current element
    private int[] keyStart = new int[16]; // objects: the current key, as raw bytes of src...
    private int[] keyEnd = new int[16];
    private String[] keyDecoded = new String[16]; // ...or decoded, when it had escapes
    private int depth;

    JsonPath(byte[] src) { this.src = src; }

    /** An object or an array starts. */
    void enter(boolean isObject) {
        if (depth == object.length) {
            object = Arrays.copyOf(object, depth * 2);
            index = Arrays.copyOf(index, depth * 2);
            keyStart = Arrays.copyOf(keyStart, depth * 2);
            keyEnd = Arrays.copyOf(keyEnd, depth * 2);
            keyDecoded = Arrays.copyOf(keyDecoded, depth * 2);
        }
        object[depth] = isObject;
        index[depth] = -1;
        keyStart[depth] = keyEnd[depth] = 0;
        keyDecoded[depth] = null;
        depth++;
    }

    void exit() { depth--; }

    int depth() { return depth; }

    boolean inObject() { return object[depth - 1]; }

    /** The current object's key is now src[start, end), or decoded when it had escapes. */
    void key(int start, int end, String decoded) {
        keyStart[depth - 1] = start;
        keyEnd[depth - 1] = end;
        keyDecoded[depth - 1] = decoded;
    }

    /** A value starts: in an array it is the next element. */
    void value() {
        if (depth > 0 && !object[depth - 1]) {
            index[depth - 1]++;
        }
    }

    /** count elements of the current container were passed over unread: in an array, the index moves on by as many. */
    void passed(int count) {
        if (!object[depth - 1]) {
            index[depth - 1] += count;
        }
    }

    /**
     * The current value's field, for detectors that look at it (a key named "api_key"): the key of the
     * innermost object around it, so also for the elements of an array under that key; none at the top.
     */
    void field(TextScanner.ScanState state) {
        for (int d = depth - 1; d >= 0; d--) {
            if (object[d]) {
                if (keyDecoded[d] != null) {
                    state.field(keyDecoded[d]);
                } else {
                    state.field(src, keyStart[d], keyEnd[d]);
                }
                return;
            }
        }
        state.field((String) null);
    }

    /** The path of the current value. */
    @Override
    public String toString() { return append(new StringBuilder("$"), depth).toString(); }

    /**
     * Where a finding in the current key is: the object's path and ".<key>". Never the key itself, which
     * is what was found.
     */
    String keyLocation() { return append(new StringBuilder("$"), depth - 1).append(".<key>").toString(); }

    private StringBuilder append(StringBuilder b, int levels) {
        for (int i = 0; i < levels; i++) {
            if (!object[i]) {
                b.append('[').append(index[i]).append(']');
                continue;
            }
            String name = keyDecoded[i] != null ? keyDecoded[i]
                    : new String(src, keyStart[i], keyEnd[i] - keyStart[i], StandardCharsets.UTF_8);
            if (plain(name)) {
                b.append('.').append(name);
            } else {
                b.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
            }
        }
        return b;
    }

    private static boolean plain(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Chars.isAlnum(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
