package dev.portcullis.dlp;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds sensitive data in one piece of text in a single pass. The loop jumps from word to word and
 * looks only at the first character of each (plus '@', '+' and '-----'): a cheap prefilter that
 * dispatches to the one detector that could start there, whose validator then decides. No regex runs
 * over the text for the built-in detectors; custom detectors (RE2J) run once each.
 *
 * <p>Immutable and thread-safe; built once per policy at config load.
 */
public final class TextScanner {
    /** How far before a value a keyword ("api_key", "secret", ...) counts as "nearby". */
    static final int KEYWORD_WINDOW = 48;
    private static final int MIN_SECRET = 20;
    private static final int MAX_SECRET = 256;
    private static final double SECRET_ENTROPY = 3.5;

    private static final String[] API_KEY_WORDS = {"api_key", "apikey", "api-key", "api key", "secret", "token",
        "passw", "auth", "credential", "access_key", "accesskey", "private_key"};
    private static final String[] AWS_SECRET_WORDS = {"aws", "secret_access_key", "secretaccesskey"};
    private static final String[] SSN_WORDS = {"ssn", "social security", "social_security"};

    private static final byte OTHER = 0, DIGIT = 1, UPPER = 2, LOWER = 3, AT = 4, PLUS = 5, DASH = 6;
    // indexed by any char (64 KiB each): no range check on the hot path; only ASCII entries are set
    private static final byte[] CLASS = new byte[65536];
    private static final boolean[] ALNUM = new boolean[65536];

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
        }
        CLASS['@'] = AT;
        CLASS['+'] = PLUS;
        CLASS['-'] = DASH;
    }

    private final boolean card, ssn, iban, email, phone, awsKey, awsSecret, privateKey, jwt, github, slack, stripe, generic;
    private final List<CustomDetector> custom;

    public TextScanner(Set<Detector> detectors, List<CustomDetector> custom) {
        Set<Detector> on = detectors.isEmpty() ? EnumSet.noneOf(Detector.class) : EnumSet.copyOf(detectors);
        card = on.contains(Detector.CREDIT_CARD);
        ssn = on.contains(Detector.US_SSN);
        iban = on.contains(Detector.IBAN);
        email = on.contains(Detector.EMAIL);
        phone = on.contains(Detector.PHONE);
        awsKey = on.contains(Detector.AWS_ACCESS_KEY);
        awsSecret = on.contains(Detector.AWS_SECRET_KEY);
        privateKey = on.contains(Detector.PRIVATE_KEY);
        jwt = on.contains(Detector.JWT);
        github = on.contains(Detector.GITHUB_TOKEN);
        slack = on.contains(Detector.SLACK_TOKEN);
        stripe = on.contains(Detector.STRIPE_SECRET_KEY);
        generic = on.contains(Detector.GENERIC_API_KEY);
        this.custom = List.copyOf(custom);
    }

    /** The shortest text any built-in detector can find something in ("a@b.cd"); custom detectors may need less. */
    public int minLength() { return custom.isEmpty() ? 6 : 1; }

    /** Scans all of s (no field name). */
    public List<Finding> scan(String s) {
        List<Finding> out = new ArrayList<>(0);
        scan(s, null, new ScanState(), out);
        return out;
    }

    /**
     * Scans s, the value of the field named field (a JSON key, form or query name, header name; null for
     * free text), adding findings to out in order, without overlaps. The state carries what one value
     * tells about the next in the same body (an AWS key id seen before its secret).
     */
    public void scan(String s, String field, ScanState state, List<Finding> out) {
        scan(s.toCharArray(), 0, s.length(), s, field, state, out);
    }

    /**
     * Scans the text a[off, off + len) as {@link #scan(String, String, ScanState, List)} does; findings are
     * relative to off. text is that text as a String, or null: it is then made only if a detector needs it
     * (most values of a JSON document never do).
     */
    public void scan(char[] a, int off, int len, String text, String field, ScanState state, List<Finding> out) {
        int before = out.size();
        state.runEnd = 0;
        state.text = text;
        int n = off + len;
        int i = off;
        // The hot loop: only table lookups and the word-end scan; everything rarer is a call (so the JIT keeps this small).
        while (i < n) {
            char c = a[i];
            byte k = CLASS[c];
            if (k == OTHER) {
                i++;
            } else if (k == AT || k == PLUS || k == DASH) {
                i = symbol(a, off, len, i, k, state, out);
            } else {
                int wordEnd = i + 1;
                while (wordEnd < n && isAlnum(a[wordEnd])) {
                    wordEnd++;
                }
                i = mayStart(a, off, i, wordEnd, n, k, i - off >= state.runEnd)
                        ? candidate(a, off, len, i, wordEnd, k, field, state, out) : wordEnd;
            }
        }
        if (!custom.isEmpty()) {
            String s = text(a, off, len, state);
            for (CustomDetector d : custom) {
                custom(d, s, field, out);
            }
        }
        if (!custom.isEmpty() || out.size() - before > 1) {
            tidy(out, before);
        }
        state.text = null;
    }

    /** The text as a String, made once per scan and only when a detector needs it. */
    private static String text(char[] a, int off, int len, ScanState state) {
        if (state.text == null) {
            state.text = new String(a, off, len);
        }
        return state.text;
    }

    /** At '@', '+' or '-': an e-mail, a phone number or a private key block. Returns where to go on. */
    private int symbol(char[] a, int off, int len, int i, byte k, ScanState state, List<Finding> out) {
        if (!(k == AT ? email : k == PLUS ? phone : privateKey)) {
            return i + 1;
        }
        String s = text(a, off, len, state);
        int at = i - off;
        int end = k == AT ? email(s, at, out) : k == PLUS ? phone(s, at, out) : privateKey(s, at, out);
        return end > at ? off + end : i + 1;
    }

    /** A word some detector could begin at: the closer looks. Returns where to go on. */
    private int candidate(char[] a, int off, int len, int i, int wordEnd, byte k, String field, ScanState state,
            List<Finding> out) {
        int n = off + len;
        if (uuidAt(a, i, n)) {
            return i + 36; // request ids, idempotency keys: common, never sensitive by themselves
        }
        if (k == DIGIT && !numberMayMatter(a, i, n) && !longRun(a, off, i, n, i - off >= state.runEnd)) {
            return wordEnd;
        }
        String s = text(a, off, len, state);
        int end = word(s, i - off, wordEnd - off, k, field, state, out);
        return end > i - off ? off + end : wordEnd;
    }

    /** A cheap look at a word: could any detector begin at it? (false for nearly every word of ordinary text) */
    private boolean mayStart(char[] a, int off, int i, int wordEnd, int n, byte k, boolean newRun) {
        int length = wordEnd - i;
        if ((length >= MIN_SECRET || (wordEnd < n && isKeyChar(a[wordEnd]))) && longRun(a, off, i, n, newRun)) {
            return true; // a long run: a key, whatever its first letter
        }
        char c = a[i];
        if (k == DIGIT) {
            return (wordEnd + 1 < n && (a[wordEnd] == ' ' || a[wordEnd] == '-') && isDigit(a[wordEnd + 1]))
                    || length == 9 || length >= 13;
        }
        if (k == UPPER) {
            return c == 'A' || (length >= 4 && isUpper(a[i + 1]) && isDigit(a[i + 2]) && isDigit(a[i + 3]));
        }
        char second = i + 1 < n ? a[i + 1] : 0;
        return (c == 'e' && second == 'y') || (c == 'g' && second == 'h') || (c == 'x' && second == 'o')
                || ((c == 's' || c == 'r') && second == 'k');
    }

    /** Is a run of at least MIN_SECRET key characters (with any '+' or '/' just before i) here, for the key detectors? */
    private boolean longRun(char[] a, int off, int i, int n, boolean newRun) {
        if (!(generic || awsSecret) || !newRun) {
            return false;
        }
        int start = i;
        while (start > off && (a[start - 1] == '+' || a[start - 1] == '/')) {
            start--;
        }
        int p = i;
        while (p < n && p - start < MIN_SECRET && isKeyChar(a[p])) {
            p++;
        }
        return p - start >= MIN_SECRET;
    }

    /** Digits in groups (single ' ' or '-' between): could they be a card (13+ digits) or an SSN (3-2-4, or 9 alone)? */
    private boolean numberMayMatter(char[] a, int i, int n) {
        int total = 0;
        int groups = 0;
        int shape = 0; // the first three group lengths, as decimal digits: 324 for an SSN
        int p = i;
        while (true) {
            int start = p;
            while (p < n && isDigit(a[p])) {
                p++;
            }
            total += p - start;
            if (groups < 3) {
                shape = shape * 10 + Math.min(p - start, 9);
            }
            groups++;
            if (total >= 13) {
                return card;
            }
            if (p + 1 < n && (a[p] == ' ' || a[p] == '-') && isDigit(a[p + 1])) {
                p++;
                continue;
            }
            return ssn && ((groups >= 3 && shape == 324) || (groups == 1 && total == 9));
        }
    }

    /** A UUID (8-4-4-4-12 hex) starting at i and ending at a word boundary. */
    private static boolean uuidAt(char[] a, int i, int n) {
        if (i + 36 > n || (i + 36 < n && isKeyChar(a[i + 36])) || a[i + 8] != '-' || a[i + 13] != '-' || a[i + 18] != '-'
                || a[i + 23] != '-') {
            return false;
        }
        for (int j = i; j < i + 36; j++) {
            char c = a[j];
            if (c != '-' && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** At the start of a word: the detectors that can begin with this character. Returns the end of a finding, or -1. */
    private int word(String s, int i, int wordEnd, byte k, String field, ScanState state, List<Finding> out) {
        int end = -1;
        char c = s.charAt(i);
        if (k == DIGIT) {
            end = digits(s, i, field, state, out);
        } else if (k == UPPER) {
            if (c == 'A' && awsKey) {
                end = awsKeyId(s, i, state, out);
            }
            if (end < 0 && iban) {
                end = iban(s, i, out);
            }
        } else {
            switch (c) {
                case 'e' -> end = jwt ? jwt(s, i, out) : -1;
                case 'g' -> end = github ? github(s, i, out) : -1;
                case 'x' -> end = slack ? slack(s, i, out) : -1;
                case 's', 'r' -> end = stripe ? stripe(s, i, out) : -1;
                default -> { }
            }
        }
        if (end < 0 && (generic || awsSecret) && i >= state.runEnd && (wordEnd - i >= MIN_SECRET
                || (wordEnd < s.length() && isKeyChar(s.charAt(wordEnd))))) { // only a long run can be a key
            end = secret(s, i, field, state, out);
        }
        return end;
    }

    // ---- numbers: cards, SSNs -------------------------------------------------------------------

    /** Digits in groups separated by single spaces or dashes: a card (13-19 digits) or an SSN (3-2-4). */
    private int digits(String s, int i, String field, ScanState state, List<Finding> out) {
        if (!card && !ssn) {
            return -1;
        }
        int n = s.length();
        int first = i;
        while (first < n && isDigit(s.charAt(first))) {
            first++;
        }
        boolean more = first + 1 < n && (s.charAt(first) == ' ' || s.charAt(first) == '-') && isDigit(s.charAt(first + 1));
        if (!more && first - i != 9 && (first - i < 13 || first - i > 19)) {
            return -1; // one group: only 9 digits (an SSN near its keyword) or 13 to 19 (a card) can be anything
        }
        int[] groupEnd = state.groupEnd;
        int groups = 0;
        int total = 0;
        int p = i;
        char sep = 0;
        while (groups < 8) {
            int start = p;
            while (p < n && isDigit(s.charAt(p))) {
                p++;
            }
            total += p - start;
            if (total > 19) {
                break;
            }
            groupEnd[groups++] = p;
            if (p + 1 < n && (s.charAt(p) == ' ' || s.charAt(p) == '-') && isDigit(s.charAt(p + 1))
                    && (sep == 0 || sep == s.charAt(p))) {
                sep = s.charAt(p);
                p++;
                continue;
            }
            break;
        }
        if (groups == 0 || (groupEnd[0] < n && isAlpha(s.charAt(groupEnd[0])))) {
            return -1;
        }
        if (ssn) {
            int end = ssn(s, i, groupEnd, groups, field, out);
            if (end > 0) {
                return end;
            }
        }
        if (card) {
            for (int g = groups; g >= 1; g--) { // the longest run of groups that is a valid card
                int end = groupEnd[g - 1];
                if (end < n && isAlnum(s.charAt(end))) {
                    continue;
                }
                int count = digitCount(s, i, end);
                if (count >= 13 && count <= 19 && Validators.creditCard(s.subSequence(i, end))) {
                    out.add(new Finding(Detector.CREDIT_CARD.configName(), i, end));
                    return end;
                }
            }
        }
        return -1;
    }

    private static int digitCount(String s, int from, int to) {
        int count = 0;
        for (int j = from; j < to; j++) {
            if (isDigit(s.charAt(j))) {
                count++;
            }
        }
        return count;
    }

    /** 123-45-6789 or 123 45 6789 always; 123456789 only with an SSN keyword nearby (else it is any number). */
    private int ssn(String s, int i, int[] groupEnd, int groups, String field, List<Finding> out) {
        int end;
        if (groups >= 3 && groupEnd[0] - i == 3 && groupEnd[1] - groupEnd[0] == 3 && groupEnd[2] - groupEnd[1] == 5) {
            end = groupEnd[2];
        } else if (groupEnd[0] - i == 9 && near(s, i, field, SSN_WORDS)) {
            end = groupEnd[0];
        } else {
            return -1;
        }
        if ((end < s.length() && isAlnum(s.charAt(end))) || (groups > 3 && end == groupEnd[2] && end + 1 < s.length()
                && isDigit(s.charAt(end + 1)))) {
            return -1; // more digits follow in the same run: part of a longer number
        }
        if (!Validators.usSsn(s.subSequence(i, end))) {
            return -1;
        }
        out.add(new Finding(Detector.US_SSN.configName(), i, end));
        return end;
    }

    // ---- E.164 phone numbers --------------------------------------------------------------------

    /** '+', a country code not starting with 0, then 8 to 15 digits in all; up to two of " -.()" between digits. */
    private int phone(String s, int i, List<Finding> out) {
        int n = s.length();
        if ((i > 0 && isAlnum(s.charAt(i - 1))) || i + 1 >= n || s.charAt(i + 1) < '1' || s.charAt(i + 1) > '9') {
            return -1;
        }
        int p = i + 1;
        int digits = 0;
        while (p < n && digits <= 15) {
            char c = s.charAt(p);
            if (isDigit(c)) {
                digits++;
                p++;
                continue;
            }
            int q = p;
            while (q < n && q - p < 2 && " -.()".indexOf(s.charAt(q)) >= 0) {
                q++;
            }
            if (q == p || q >= n || !isDigit(s.charAt(q))) {
                break;
            }
            p = q;
        }
        if (digits < 8 || digits > 15 || (p < n && isAlnum(s.charAt(p)))) {
            return -1;
        }
        out.add(new Finding(Detector.PHONE.configName(), i, p));
        return p;
    }

    // ---- e-mail addresses -----------------------------------------------------------------------

    /** local@domain.tld: the local part is read backwards from the '@', the domain forwards; a TLD of 2+ letters. */
    private int email(String s, int at, List<Finding> out) {
        int start = at;
        while (start > 0 && at - start < 64 && isLocalChar(s.charAt(start - 1))) {
            start--;
        }
        while (start < at && s.charAt(start) == '.') {
            start++;
        }
        if (start == at) {
            return -1;
        }
        int n = s.length();
        int p = at + 1;
        int lastDot = -1;
        int labelStart = p;
        while (p < n && p - at < 255) {
            char c = s.charAt(p);
            if (isAlnum(c) || (c == '-' && p > labelStart)) {
                p++;
            } else if (c == '.' && p > labelStart && p + 1 < n && isAlnum(s.charAt(p + 1))) {
                lastDot = p;
                p++;
                labelStart = p;
            } else {
                break;
            }
        }
        if (lastDot < 0 || p - lastDot - 1 < 2) {
            return -1;
        }
        for (int j = lastDot + 1; j < p; j++) {
            if (!isAlpha(s.charAt(j))) {
                return -1;
            }
        }
        addReplacing(out, new Finding(Detector.EMAIL.configName(), start, p));
        return p;
    }

    private static boolean isLocalChar(char c) {
        return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    // ---- keys and tokens with a fixed shape -----------------------------------------------------

    /** AKIA / ASIA followed by 16 upper-case letters or digits. */
    private int awsKeyId(String s, int i, ScanState state, List<Finding> out) {
        if (!(s.startsWith("AKIA", i) || s.startsWith("ASIA", i))) {
            return -1;
        }
        int end = i + 20;
        if (end > s.length() || (end < s.length() && isAlnum(s.charAt(end)))) {
            return -1;
        }
        for (int j = i + 4; j < end; j++) {
            char c = s.charAt(j);
            if (!(isDigit(c) || (c >= 'A' && c <= 'Z'))) {
                return -1;
            }
        }
        state.awsKeyIdSeen = true;
        out.add(new Finding(Detector.AWS_ACCESS_KEY.configName(), i, end));
        return end;
    }

    /** Two letters (a known country), two check digits, then exactly that country's length, in groups of 4 or not. */
    private int iban(String s, int i, List<Finding> out) {
        int n = s.length();
        if (i + 4 > n || !isUpper(s.charAt(i + 1)) || !isDigit(s.charAt(i + 2)) || !isDigit(s.charAt(i + 3))) {
            return -1;
        }
        Integer length = Validators.IBAN_LENGTHS.get(s.substring(i, i + 2));
        if (length == null) {
            return -1;
        }
        int p = i;
        int count = 0;
        while (p < n && count < length) {
            char c = s.charAt(p);
            if (isDigit(c) || isUpper(c)) {
                count++;
                p++;
            } else if (c == ' ' && count % 4 == 0 && p + 1 < n && isAlnum(s.charAt(p + 1))) {
                p++;
            } else {
                break;
            }
        }
        if (count != length || (p < n && isAlnum(s.charAt(p))) || !Validators.iban(s.subSequence(i, p))) {
            return -1;
        }
        out.add(new Finding(Detector.IBAN.configName(), i, p));
        return p;
    }

    /** eyJ... three base64url parts whose first decodes to a JSON header with "alg". */
    private int jwt(String s, int i, List<Finding> out) {
        if (!s.startsWith("eyJ", i)) {
            return -1;
        }
        int n = s.length();
        int p = i;
        int dots = 0;
        while (p < n) {
            char c = s.charAt(p);
            if (c == '.' && dots < 2 && p + 1 < n && isBase64Url(s.charAt(p + 1))) {
                dots++;
            } else if (!isBase64Url(c)) {
                break;
            }
            p++;
        }
        if (dots != 2 || (p + 1 < n && s.charAt(p) == '.' && isBase64Url(s.charAt(p + 1)))
                || !Validators.jwt(s.subSequence(i, p))) {
            return -1;
        }
        out.add(new Finding(Detector.JWT.configName(), i, p));
        return p;
    }

    /** ghp_/gho_/ghu_/ghs_/ghr_ + 36 letters or digits; github_pat_ + 82 letters, digits or '_'. */
    private int github(String s, int i, List<Finding> out) {
        int end = -1;
        if (s.startsWith("gh", i) && i + 4 <= s.length() && "pousr".indexOf(s.charAt(i + 2)) >= 0 && s.charAt(i + 3) == '_') {
            end = fixedRun(s, i + 4, 36, false);
        } else if (s.startsWith("github_pat_", i)) {
            end = fixedRun(s, i + 11, 82, true);
        }
        if (end < 0) {
            return -1;
        }
        out.add(new Finding(Detector.GITHUB_TOKEN.configName(), i, end));
        return end;
    }

    /** Exactly count letters or digits (and '_' when allowed) from p, then a word boundary. */
    private static int fixedRun(String s, int p, int count, boolean underscore) {
        int end = p + count;
        if (end > s.length() || (end < s.length() && (isAlnum(s.charAt(end)) || s.charAt(end) == '_'))) {
            return -1;
        }
        for (int j = p; j < end; j++) {
            char c = s.charAt(j);
            if (!(isAlnum(c) || (underscore && c == '_'))) {
                return -1;
            }
        }
        return end;
    }

    /** xoxb- / xoxp- / xoxa- / xoxr- / xoxs- / xoxe- followed by at least 10 letters, digits or dashes. */
    private int slack(String s, int i, List<Finding> out) {
        if (!s.startsWith("xox", i) || i + 5 > s.length() || "bpares".indexOf(s.charAt(i + 3)) < 0 || s.charAt(i + 4) != '-') {
            return -1;
        }
        int p = i + 5;
        while (p < s.length() && (isAlnum(s.charAt(p)) || s.charAt(p) == '-')) {
            p++;
        }
        if (p - (i + 5) < 10) {
            return -1;
        }
        out.add(new Finding(Detector.SLACK_TOKEN.configName(), i, p));
        return p;
    }

    /** sk_live_ / sk_test_ / rk_live_ / rk_test_ followed by at least 24 letters or digits. */
    private int stripe(String s, int i, List<Finding> out) {
        if (!(s.startsWith("sk_live_", i) || s.startsWith("sk_test_", i) || s.startsWith("rk_live_", i)
                || s.startsWith("rk_test_", i))) {
            return -1;
        }
        int p = i + 8;
        while (p < s.length() && isAlnum(s.charAt(p))) {
            p++;
        }
        if (p - (i + 8) < 24 || (p < s.length() && s.charAt(p) == '_')) {
            return -1;
        }
        out.add(new Finding(Detector.STRIPE_SECRET_KEY.configName(), i, p));
        return p;
    }

    /** -----BEGIN ... PRIVATE KEY----- through its END line (or the end of the text when cut short): replaced whole. */
    private int privateKey(String s, int i, List<Finding> out) {
        if (!s.startsWith("-----BEGIN ", i)) {
            return -1;
        }
        int headerEnd = s.indexOf("-----", i + 11);
        if (headerEnd < 0 || headerEnd - i > 60 || !s.startsWith("PRIVATE KEY", headerEnd - 11)) {
            return -1;
        }
        int end = s.indexOf("-----END ", headerEnd + 5);
        if (end >= 0) {
            int close = s.indexOf("-----", end + 9);
            end = close < 0 ? s.length() : close + 5;
        } else {
            end = s.length();
        }
        out.add(new Finding(Detector.PRIVATE_KEY.configName(), i, end));
        return end;
    }

    // ---- secrets known by their context: keyword nearby + high entropy --------------------------

    /**
     * A run of key characters (letters, digits, _ - + /, '=' padding) of 20 to 256: an AWS secret key
     * when it is 40 long and an AWS key id or an AWS keyword is near; else a generic API key when an
     * API-key keyword is near and it looks random (mixed letters and digits, entropy >= 3.5 bits/char,
     * not a UUID).
     */
    private int secret(String s, int i, String field, ScanState state, List<Finding> out) {
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
        String token = s.substring(i, p);
        if (!mixed(token) || looksLikeUuid(token) || Validators.entropy(token) < SECRET_ENTROPY) {
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

    private static boolean isKeyChar(char c) {
        return isAlnum(c) || c == '_' || c == '-' || c == '+' || c == '/';
    }

    /** At least one letter and one digit: words and plain numbers are not keys. */
    private static boolean mixed(String t) {
        boolean letter = false;
        boolean digit = false;
        for (int j = 0; j < t.length() && !(letter && digit); j++) {
            char c = t.charAt(j);
            letter |= isAlpha(c);
            digit |= isDigit(c);
        }
        return letter && digit;
    }

    /** 8-4-4-4-12 hex: request and order ids, idempotency keys; never a secret by itself. */
    static boolean looksLikeUuid(String t) {
        if (t.length() != 36) {
            return false;
        }
        for (int j = 0; j < 36; j++) {
            char c = t.charAt(j);
            boolean dash = j == 8 || j == 13 || j == 18 || j == 23;
            if (dash != (c == '-') || (!dash && Character.digit(c, 16) < 0)) {
                return false;
            }
        }
        return true;
    }

    /** Is one of the words in the field's name, or in the text just before position i (case-insensitive)? */
    private static boolean near(String s, int i, String field, String[] words) {
        if (field != null && containsAny(field.toLowerCase(Locale.ROOT), words)) {
            return true;
        }
        int from = Math.max(0, i - KEYWORD_WINDOW);
        return from < i && containsAny(s.substring(from, i).toLowerCase(Locale.ROOT), words);
    }

    private static boolean containsAny(String lower, String[] words) {
        for (String w : words) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    // ---- custom detectors -----------------------------------------------------------------------

    private static void custom(CustomDetector d, String s, String field, List<Finding> out) {
        Matcher m = d.pattern().matcher(s);
        int from = 0;
        while (from <= s.length() && m.find(from)) {
            int start = m.start();
            int end = m.end();
            from = end > start ? end : end + 1;
            if (end == start) {
                continue;
            }
            if (!d.keywords().isEmpty() && !near(s, start, field, d.keywords().toArray(String[]::new))) {
                continue;
            }
            if (d.valid(s.subSequence(start, end))) {
                out.add(new Finding(d.name(), start, end));
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** An e-mail found at '@' replaces a finding that began inside its local part (a word already taken). */
    private static void addReplacing(List<Finding> out, Finding f) {
        while (!out.isEmpty() && out.get(out.size() - 1).end() > f.start()) {
            out.remove(out.size() - 1);
        }
        out.add(f);
    }

    /** Orders the findings added since from by position and drops any that overlap an earlier one. */
    private static void tidy(List<Finding> out, int from) {
        List<Finding> added = new ArrayList<>(out.subList(from, out.size()));
        added.sort(Comparator.comparingInt(Finding::start).thenComparingInt(f -> -f.end()));
        out.subList(from, out.size()).clear();
        int lastEnd = -1;
        for (Finding f : added) {
            if (f.start() >= lastEnd) {
                out.add(f);
                lastEnd = f.end();
            }
        }
    }

    private static int wordEnd(String s, int i) {
        int n = s.length();
        while (i < n && isAlnum(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private static boolean isUpper(char c) { return c >= 'A' && c <= 'Z'; }

    private static boolean isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    static boolean isAlnum(char c) { return ALNUM[c]; }

    private static boolean isBase64Url(char c) { return isAlnum(c) || c == '-' || c == '_'; }

    /** What one value of a body tells the scan of the next ones. Per body, never shared across calls. */
    public static final class ScanState {
        boolean awsKeyIdSeen;
        int runEnd; // the end of the last run judged as a possible key, in the current text
        final int[] groupEnd = new int[8]; // scratch for digit groups
        String text; // the scanned text as a String, once made
    }
}
