package dev.portcullis.dlp;

import static dev.portcullis.dlp.Chars.AT;
import static dev.portcullis.dlp.Chars.CLASS;
import static dev.portcullis.dlp.Chars.DASH;
import static dev.portcullis.dlp.Chars.DIGIT;
import static dev.portcullis.dlp.Chars.OTHER;
import static dev.portcullis.dlp.Chars.PLUS;
import static dev.portcullis.dlp.Chars.UPPER;
import static dev.portcullis.dlp.Chars.isAlnum;
import static dev.portcullis.dlp.Chars.isDigit;
import static dev.portcullis.dlp.Chars.isKeyChar;
import static dev.portcullis.dlp.Chars.isUpper;
import static dev.portcullis.dlp.KeyDetectors.MIN_SECRET;

import com.google.re2j.Matcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
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
    private final boolean card, ssn, iban, email, phone, awsKey, awsSecret, privateKey, jwt, github, slack, stripe, generic;
    private final List<CustomDetector> custom;
    private final boolean hasCustom; // asked once per value: a field, not a call
    private final List<String> customLiterals; // each custom detector's required literal; null when one has none

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
        this.hasCustom = !custom.isEmpty();
        List<String> literals = new java.util.ArrayList<>();
        for (CustomDetector d : custom) {
            literals.add(d.requiredLiteral());
        }
        this.customLiterals = literals.contains(null) ? null : List.copyOf(literals);
    }

    /** The shortest text any built-in detector can find something in ("a@b.cd"); custom detectors may need less. */
    public int minLength() { return hasCustom ? 1 : 6; }

    /**
     * Could no custom detector match anywhere in b[off, off + len), read as the bytes they are? True when
     * there are none, or when each needs a literal these bytes do not contain: then only built-in
     * detectors can find something here, and the prefilter knows what they need.
     */
    boolean onlyBuiltinsCanMatch(byte[] b, int off, int len) {
        if (!hasCustom) {
            return true;
        }
        if (customLiterals == null) {
            return false;
        }
        String text = new String(b, off, len, StandardCharsets.ISO_8859_1); // String.indexOf: a SIMD search
        for (String literal : customLiterals) {
            if (text.contains(literal)) {
                return false;
            }
        }
        return true;
    }

    /** Scans all of s (no field name). */
    public List<Finding> scan(String s) {
        List<Finding> out = new ArrayList<>(0);
        scan(s, null, new ScanState(), out);
        return out;
    }

    /**
     * Scans s, the value of the field named field (a JSON key, form or query name, header name; null for
     * free text), adding findings to out in order, without overlaps. The state carries what one value
     * tells about the next in the same body (an AWS key id seen before its secret). Every pattern is
     * ASCII, so s is looked at as one byte per char ({@link Latin1Text#bytesOf}): findings are char
     * positions in s.
     */
    public void scan(String s, String field, ScanState state, List<Finding> out) {
        state.field(field);
        scan(Latin1Text.bytesOf(s), 0, s.length(), state, out);
    }

    /**
     * Scans the bytes a[off, off + len) (ASCII-compatible text: ISO-8859-1 or UTF-8) as {@link
     * #scan(String, String, ScanState, List)} does; the field is the one set on state. Findings are byte
     * positions relative to off.
     */
    public void scan(byte[] a, int off, int len, ScanState state, List<Finding> out) {
        int before = out.size();
        state.runEnd = 0;
        state.shortRunEnd = 0;
        state.text = null;
        int n = off + len;
        int i = off;
        // The hot loop: only table lookups and the word-end scan; everything rarer is a call (so the JIT keeps this small).
        while (i < n) {
            byte k = CLASS[a[i] & 0xFF];
            if (k == OTHER) {
                i++;
            } else if (k == AT || k == PLUS || k == DASH) {
                i = symbol(a, off, len, i, k, state, out);
            } else {
                int wordEnd = i + 1;
                while (wordEnd < n && isAlnum(a[wordEnd])) {
                    wordEnd++;
                }
                if (wordEnd - i == 8 && wordEnd < n && a[wordEnd] == '-' && uuidAt(a, i, n)) {
                    i += 36; // request ids, idempotency keys: common, never sensitive by themselves
                    continue;
                }
                i = mayStart(a, off, i, wordEnd, n, k, state)
                        ? candidate(a, off, len, i, wordEnd, k, state, out) : wordEnd;
            }
        }
        if (hasCustom) {
            CharSequence s = text(a, off, len, state);
            for (CustomDetector d : custom) {
                custom(d, s, state, out);
            }
        }
        if (hasCustom || out.size() - before > 1) {
            tidy(out, before);
        }
        state.text = null;
    }

    /** The text for the detectors: a view of the bytes (no copy), made once per scan and only when needed. */
    private static CharSequence text(byte[] a, int off, int len, ScanState state) {
        if (state.text == null) {
            state.text = new Latin1Text(a, off, len);
        }
        return state.text;
    }

    /** At '@', '+' or '-': an e-mail, a phone number or a private key block. Returns where to go on. */
    private int symbol(byte[] a, int off, int len, int i, byte k, ScanState state, List<Finding> out) {
        if (!(k == AT ? email : k == PLUS ? phone : privateKey && pemStart(a, i, off + len))) {
            return i + 1;
        }
        CharSequence s = text(a, off, len, state);
        int at = i - off;
        int end = k == AT ? TokenDetectors.email(s, at, out) : k == PLUS ? NumberDetectors.phone(s, at, out)
                : TokenDetectors.privateKey(s, at, out);
        return end > at ? off + end : i + 1;
    }

    /** "-----B" at i: what every PEM block begins with (a dash in a date or an id is not worth a closer look). */
    private static boolean pemStart(byte[] a, int i, int n) {
        return i + 6 < n && a[i + 1] == '-' && a[i + 4] == '-' && a[i + 5] == 'B';
    }

    /**
     * A word some detector could begin at (mayStart let it through): the closer looks; returns where to go
     * on. Kept out of the word loop in {@link #scan}: inlined into it, the loop runs ~1.8x slower, and the
     * JIT inlines it in some runs and not in others, so the launcher tells it not to
     * ({@code -XX:CompileCommand=dontinline}; LauncherTest keeps that name right).
     */
    private int candidate(byte[] a, int off, int len, int i, int wordEnd, byte k, ScanState state, List<Finding> out) {
        int n = off + len;
        if (k == DIGIT && !numberMayMatter(a, i, n) && !longRun(a, off, i, n, state)) {
            return wordEnd;
        }
        CharSequence s = text(a, off, len, state);
        int end = word(s, i - off, wordEnd - off, k, state, out);
        return end > i - off ? off + end : wordEnd;
    }

    /** A cheap look at a word: could any detector begin at it? (false for nearly every word of ordinary text) */
    private boolean mayStart(byte[] a, int off, int i, int wordEnd, int n, byte k, ScanState state) {
        int length = wordEnd - i;
        if ((length >= MIN_SECRET || (wordEnd < n && isKeyChar(a[wordEnd]))) && longRun(a, off, i, n, state)) {
            return true; // a long run: a key, whatever its first letter
        }
        byte c = a[i];
        if (k == DIGIT) {
            return (wordEnd + 1 < n && (a[wordEnd] == ' ' || a[wordEnd] == '-') && isDigit(a[wordEnd + 1]))
                    || length == 9 || length >= 13;
        }
        if (k == UPPER) {
            return c == 'A' || (length >= 4 && isUpper(a[i + 1]) && isDigit(a[i + 2]) && isDigit(a[i + 3]));
        }
        byte second = i + 1 < n ? a[i + 1] : 0;
        return (c == 'e' && second == 'y') || (c == 'g' && second == 'h') || (c == 'x' && second == 'o')
                || ((c == 's' || c == 'r') && second == 'k');
    }

    /**
     * Is a run of at least MIN_SECRET key characters (with any '+' or '/' just before i) here, for the key
     * detectors? A run found short is remembered, so the words inside it (a date's or an order id's parts)
     * do not measure it again.
     */
    private boolean longRun(byte[] a, int off, int i, int n, ScanState state) {
        if (!(generic || awsSecret) || i - off < state.runEnd || i - off < state.shortRunEnd) {
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
        if (p - start >= MIN_SECRET) {
            return true;
        }
        state.shortRunEnd = p - off; // p ended the run (not the length cap)
        return false;
    }

    /** Digits in groups (single ' ' or '-' between): could they be a card (13+ digits) or an SSN (3-2-4, or 9 alone)? */
    private boolean numberMayMatter(byte[] a, int i, int n) {
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
    private static boolean uuidAt(byte[] a, int i, int n) {
        if (i + 36 > n || (i + 36 < n && isKeyChar(a[i + 36])) || a[i + 8] != '-' || a[i + 13] != '-' || a[i + 18] != '-'
                || a[i + 23] != '-') {
            return false;
        }
        for (int j = i; j < i + 36; j++) {
            if (!Chars.isUuidChar(a[j])) {
                return false;
            }
        }
        return true;
    }

    /** At the start of a word: the detectors that can begin with this character. Returns the end of a finding, or -1. */
    private int word(CharSequence s, int i, int wordEnd, byte k, ScanState state, List<Finding> out) {
        int end = -1;
        char c = s.charAt(i);
        if (k == DIGIT) {
            end = NumberDetectors.digits(s, i, state.field(), state, card, ssn, out);
        } else if (k == UPPER) {
            if (c == 'A' && awsKey) {
                end = TokenDetectors.awsKeyId(s, i, state, out);
            }
            if (end < 0 && iban) {
                end = TokenDetectors.iban(s, i, out);
            }
        } else {
            switch (c) {
                case 'e' -> end = jwt ? TokenDetectors.jwt(s, i, out) : -1;
                case 'g' -> end = github ? TokenDetectors.github(s, i, out) : -1;
                case 'x' -> end = slack ? TokenDetectors.slack(s, i, out) : -1;
                case 's', 'r' -> end = stripe ? TokenDetectors.stripe(s, i, out) : -1;
                default -> { }
            }
        }
        if (end < 0 && (generic || awsSecret) && i >= state.runEnd && (wordEnd - i >= MIN_SECRET
                || (wordEnd < s.length() && isKeyChar(s.charAt(wordEnd))))) { // only a long run can be a key
            end = KeyDetectors.secret(s, i, state.field(), state, awsSecret, generic, out);
        }
        return end;
    }

    // ---- custom detectors -----------------------------------------------------------------------

    private static void custom(CustomDetector d, CharSequence s, ScanState state, List<Finding> out) {
        Matcher m = d.pattern().matcher(s);
        int from = 0;
        while (from <= s.length() && m.find(from)) {
            int start = m.start();
            int end = m.end();
            from = end > start ? end : end + 1;
            if (end == start) {
                continue;
            }
            if (!d.keywords().isEmpty() && !KeyDetectors.near(s, start, state.field(), d.keywords().toArray(String[]::new))) {
                continue;
            }
            if (d.valid(s.subSequence(start, end))) {
                out.add(new Finding(d.name(), start, end));
            }
        }
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

    /** What one value of a body tells the scan of the next ones. Per body, never shared across calls. */
    public static final class ScanState {
        boolean awsKeyIdSeen;
        int runEnd; // the end of the last run judged as a possible key, in the current text
        int shortRunEnd; // the end of the last run of key characters found too short to be a key
        final int[] groupEnd = new int[8]; // scratch for digit groups
        CharSequence text; // the scanned text, once a detector needed it
        private String field; // the name of the field being scanned (null: free text), or made from fieldBytes when asked
        private byte[] fieldBytes; // a field name in UTF-8, not yet made a String (most values never need their name)
        private int fieldStart, fieldEnd;

        /** The field being scanned from here on (null: free text). */
        public void field(String name) {
            field = name;
            fieldBytes = null;
        }

        /** The field being scanned from here on: the UTF-8 bytes src[start, end), made a String only if asked. */
        void field(byte[] src, int start, int end) {
            field = null;
            fieldBytes = src;
            fieldStart = start;
            fieldEnd = end;
        }

        String field() {
            if (field == null && fieldBytes != null) {
                field = new String(fieldBytes, fieldStart, fieldEnd - fieldStart, StandardCharsets.UTF_8);
                fieldBytes = null;
            }
            return field;
        }
    }
}
