package dev.portcullis.dlp;

import java.util.Base64;
import java.util.Map;

/**
 * The checks that turn a pattern match into a finding: a number that merely looks like a card, an
 * IBAN or an SSN is not one. Pure and allocation-light; they run only on candidates a cheap prefilter
 * found (issue 5's scanner), never over whole bodies.
 */
public final class Validators {
    private Validators() {}

    /** Luhn checksum over the digits of s (separators ignored); false when fewer than 2 digits. */
    public static boolean luhn(CharSequence s) {
        int sum = 0;
        int count = 0;
        boolean twice = false;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
            count++;
        }
        return count >= 2 && sum % 10 == 0;
    }

    /**
     * A payment card number: 13 to 19 digits (spaces or dashes between groups allowed), a known issuer
     * prefix (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro) and a valid Luhn digit.
     */
    public static boolean creditCard(CharSequence s) {
        StringBuilder digits = digits(s, 19);
        int n = digits == null ? 0 : digits.length();
        return n >= 13 && n <= 19 && knownIssuer(digits, n) && luhn(digits);
    }

    /** The digits of s, with spaces and dashes between them allowed; null when anything else is there or too many. */
    private static StringBuilder digits(CharSequence s, int max) {
        StringBuilder d = new StringBuilder(max);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (d.length() == max) {
                    return null;
                }
                d.append(c);
            } else if (c != ' ' && c != '-') {
                return null;
            }
        }
        return d;
    }

    private static boolean knownIssuer(CharSequence d, int n) {
        int two = (d.charAt(0) - '0') * 10 + (d.charAt(1) - '0');
        int four = two * 100 + (d.charAt(2) - '0') * 10 + (d.charAt(3) - '0');
        int six = four * 100 + (d.charAt(4) - '0') * 10 + (d.charAt(5) - '0');
        if (d.charAt(0) == '4') {
            return n == 13 || n == 16 || n == 19; // Visa
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return n == 16; // Mastercard
        }
        if (two == 34 || two == 37) {
            return n == 15; // American Express
        }
        if (four == 6011 || two == 65 || (six >= 644000 && six <= 649999) || (six >= 622126 && six <= 622925)) {
            return n >= 16 && n <= 19; // Discover
        }
        if (four >= 3528 && four <= 3589) {
            return n >= 16 && n <= 19; // JCB
        }
        if (two == 36 || (six >= 300000 && six <= 305999) || two == 38 || two == 39) {
            return n >= 14 && n <= 19; // Diners Club
        }
        if (two == 62) {
            return n >= 16 && n <= 19; // UnionPay
        }
        if (two == 50 || (two >= 56 && two <= 69)) {
            return n >= 12 && n <= 19; // Maestro
        }
        return false;
    }

    /** US SSN rules: area not 000, 666 or 9xx; group not 00; serial not 0000. Input: 9 digits, dashes optional. */
    public static boolean usSsn(CharSequence s) {
        StringBuilder d = digits(s, 9);
        if (d == null || d.length() != 9) {
            return false;
        }
        int area = Integer.parseInt(d.substring(0, 3));
        int group = Integer.parseInt(d.substring(3, 5));
        int serial = Integer.parseInt(d.substring(5, 9));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    /** IBAN lengths by country (ISO 13616 registry). */
    static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
            Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
            Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24),
            Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22),
            Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21),
            Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21),
            Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24),
            Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29),
            Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24),
            Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24),
            Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VG", 24), Map.entry("XK", 20));

    /** An IBAN: known country, that country's length, and the ISO 7064 mod-97 check (spaces allowed). */
    public static boolean iban(CharSequence s) {
        StringBuilder c = new StringBuilder(34);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == ' ') {
                continue;
            }
            if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))) {
                return false;
            }
            c.append(Character.toUpperCase(ch));
        }
        if (c.length() < 15) {
            return false;
        }
        Integer length = IBAN_LENGTHS.get(c.substring(0, 2));
        return length != null && length == c.length() && Character.isDigit(c.charAt(2)) && Character.isDigit(c.charAt(3))
                && mod97(c.substring(4) + c.substring(0, 4)) == 1;
    }

    /** ISO 7064 mod 97-10 over an alphanumeric string (letters as 10..35), computed piecewise. */
    public static int mod97(CharSequence s) {
        int r = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            int v = ch >= '0' && ch <= '9' ? ch - '0' : ch - 'A' + 10;
            r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
        }
        return r;
    }

    /** A JWT: three base64url parts, the first decoding to a JSON object with "alg". */
    public static boolean jwt(CharSequence s) {
        String t = s.toString();
        int first = t.indexOf('.');
        int second = first < 0 ? -1 : t.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || t.indexOf('.', second + 1) >= 0 || second == t.length() - 1) {
            return false;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(t.substring(0, first)), java.nio.charset.StandardCharsets.UTF_8);
            String h = header.strip();
            return h.startsWith("{") && h.endsWith("}") && h.contains("\"alg\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Shannon entropy in bits per character: high for keys and tokens, low for words and ids. */
    public static double entropy(CharSequence s) {
        if (s.length() == 0) {
            return 0;
        }
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) {
            if (c > 0) {
                h -= (c / n) * (Math.log(c / n) / Math.log(2));
            }
        }
        if (other > 0) {
            h -= (other / n) * (Math.log(other / n) / Math.log(2));
        }
        return h;
    }
}
