package dev.portcullis.observe;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids (ULIDs: time-ordered, 26 characters) and W3C trace ids. */
public final class Ids {
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {}

    public static String requestId() {
        long time = System.currentTimeMillis();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong();
        long lo = r.nextLong();
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits: 16 from hi, 64 from lo
        for (int i = 25; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (lo & 31)];
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    /** The trace id of a valid traceparent header, else a new random one. */
    public static String traceId(String traceparent) {
        if (traceparent != null && traceparent.length() >= 55 && traceparent.charAt(2) == '-' && traceparent.charAt(35) == '-') {
            String id = traceparent.substring(3, 35);
            if (isLowerHex(id) && !id.equals("00000000000000000000000000000000")) {
                return id;
            }
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[32];
        for (int i = 0; i < 32; i += 16) {
            long v = r.nextLong();
            for (int j = 0; j < 16; j++) {
                out[i + j] = HEX[(int) (v & 15)];
                v >>>= 4;
            }
        }
        return new String(out);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
