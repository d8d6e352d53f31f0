package dev.portcullis.dlp;

import java.util.Arrays;

/** Where a JSON parser is, as a JSONPath ($.customer.cards[2].number), built only when asked. */
final class JsonPath {
    private String[] names = new String[16];
    private int[] index = new int[16]; // -1 in objects; the current element in arrays
    private int depth;

    void enterObject() { push(-1); }

    void enterArray() { push(-1); names[depth - 1] = null; }

    void exit() { depth--; }

    void field(String name) { names[depth - 1] = name; }

    /** A value starts: in an array it is the next element. */
    void value() {
        if (depth > 0 && names[depth - 1] == null) {
            index[depth - 1]++;
        }
    }

    private void push(int i) {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            index = Arrays.copyOf(index, depth * 2);
        }
        names[depth] = null;
        index[depth] = i;
        depth++;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("$");
        for (int i = 0; i < depth; i++) {
            if (names[i] == null) {
                b.append('[').append(index[i]).append(']');
            } else if (plain(names[i])) {
                b.append('.').append(names[i]);
            } else {
                b.append("['").append(names[i].replace("\\", "\\\\").replace("'", "\\'")).append("']");
            }
        }
        return b.toString();
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
