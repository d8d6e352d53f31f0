package dev.portcullis.dlp;

import static dev.portcullis.dlp.Chars.isAlnum;
import static dev.portcullis.dlp.Chars.isAlpha;
import static dev.portcullis.dlp.Chars.isBase64Url;
import static dev.portcullis.dlp.Chars.isDigit;
import static dev.portcullis.dlp.Chars.isKeyChar;
import static dev.portcullis.dlp.Chars.isUpper;

import java.util.List;
import java.util.Locale;

/**
 * Secrets known by their context: an AWS secret access key near its key id or an AWS keyword, a generic
 * API key near an API-key keyword; both must look random (mixed letters and digits, high entropy).
 */
final class KeyDetectors {
    /** How far before a value a keyword ("api_key", "secret", ...) counts as "nearby". */
    static final int KEYWORD_WINDOW = 48;
    static final int MIN_SECRET = 20;
    static final int MAX_SECRET = 256;
    private static final double SECRET_ENTROPY = 3.5;
    private static final String[] API_KEY_WORDS = {"api_key", "apikey", "api-key", "api key", "secret", "token",
        "passw", "auth", "credential", "access_key", "accesskey", "private_key"};
    private static final String[] AWS_SECRET_WORDS = {"aws", "secret_access_key", "secretaccesskey"};

    private KeyDetectors() {}

    /**
     * A run of key characters (letters, digits, _ - + /, '=' padding) of 20 to 256: an AWS secret key
     * when it is 40 long and an AWS key id or an AWS keyword is near; else a generic API key when an
     * API-key keyword is near and it looks random (mixed letters and digits, entropy >= 3.5 bits/char,
     * not a UUID: TextScanner rejects those before any key detector runs).
     */
    static int secret(CharSequence s, int i, String field, TextScanner.ScanState state, boolean awsSecret, boolean generic,
            List<Finding> out) {
        int n = s.length();
        while (i > 0 && (s.charAt(i - 1) == '+' || s.charAt(i - 1) == '/')) {
            i--; // base64 keys may begin with + or /, which are not word characters
        }
        int p = i;
        while (p < n && p - i <= MAX_SECRET && isKeyChar(s.charAt(p))) {
            p++;
        }
        while (p < n && s.charAt(p) == '=' && p + 1 < n && s.charAt(p + 1) == '=') {
            p++;
        }
        if (p < n && s.charAt(p) == '=' && (p + 1 == n || !isKeyChar(s.charAt(p + 1)))) {
            p++;
        }
        int len = p - i;
        if (len < MIN_SECRET || len > MAX_SECRET) {
            return -1;
        }
        state.runEnd = p; // judged whole: the words inside it (a UUID's groups, ...) are not keys by themselves
        String token = s.subSequence(i, p).toString();
        if (!mixed(token) || Validators.entropy(token) < SECRET_ENTROPY) {
            return -1;
        }
        if (awsSecret && len == 40 && (state.awsKeyIdSeen || near(s, i, field, AWS_SECRET_WORDS))) {
            out.add(new Finding(Detector.AWS_SECRET_KEY.configName(), i, p));
            return p;
        }
        if (generic && near(s, i, field, API_KEY_WORDS)) {
            out.add(new Finding(Detector.GENERIC_API_KEY.configName(), i, p));
            return p;
        }
        return -1;
    }

    /** At least one letter and one digit: words and plain numbers are not keys. */
    static boolean mixed(String t) {
        boolean letter = false;
        boolean digit = false;
        for (int j = 0; j < t.length() && !(letter && digit); j++) {
            char c = t.charAt(j);
            letter |= isAlpha(c);
            digit |= isDigit(c);
        }
        return letter && digit;
    }

    /** Is one of the words in the field's name, or in the text just before position i (case-insensitive)? */
    static boolean near(CharSequence s, int i, String field, String[] words) {
        if (field != null && containsAny(field.toLowerCase(Locale.ROOT), words)) {
            return true;
        }
        int from = Math.max(0, i - KEYWORD_WINDOW);
        return from < i && containsAny(s.subSequence(from, i).toString().toLowerCase(Locale.ROOT), words);
    }

    static boolean containsAny(String lower, String[] words) {
        for (String w : words) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
