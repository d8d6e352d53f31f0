package dev.portcullis.net;

/** ASCII digit checks used while parsing untrusted text (no streams: they run per request). */
public final class Digits {
    private Digits() {}

    /** True when s is non-empty and every character is 0-9. */
    public static boolean only(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
