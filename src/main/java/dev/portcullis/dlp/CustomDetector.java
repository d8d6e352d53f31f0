package dev.portcullis.dlp;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * A detector from the config: an RE2J pattern (linear-time matching, so no user pattern can hang the
 * gateway), optional keywords that must appear nearby (or in the field's name), and an optional
 * checksum the match must pass.
 */
public record CustomDetector(String name, Pattern pattern, List<String> keywords, Checksum checksum) {
    public enum Checksum { NONE, LUHN, MOD97 }

    public CustomDetector {
        keywords = keywords.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** Printable ASCII that stands for itself in a pattern: anything else ends the literal. */
    private static final String META = "[](){}.*+?|^$\\";

    /**
     * Text that every match of the pattern contains (its literal start: "EMP-" for EMP-[0-9]{6}), or null
     * when none can be told safely: with an alternation or inline flags anywhere, or fewer than 3
     * characters before the first class, group or repetition. A body without it cannot match, so the
     * prefilter can stay on for a policy with this detector. Conservative by design: a missed literal
     * costs speed, a wrong one would cost findings.
     */
    public String requiredLiteral() {
        String p = pattern.pattern();
        if (p.indexOf('|') >= 0 || p.contains("(?")) {
            return null;
        }
        StringBuilder literal = new StringBuilder();
        int i = p.startsWith("^") ? 1 : 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            int next;
            if (c == '\\' && i + 1 < p.length() && isPunctuation(p.charAt(i + 1))) {
                c = p.charAt(i + 1); // an escaped symbol: \- \. \$ stand for themselves
                next = i + 2;
            } else if (c < 0x21 || c > 0x7e || META.indexOf(c) >= 0) {
                break; // a class, group, repetition, anchor or escape such as \d
            } else {
                next = i + 1;
            }
            char after = next < p.length() ? p.charAt(next) : 0;
            if (after == '*' || after == '?' || after == '{') {
                break; // this character may be repeated zero times: not required
            }
            literal.append(c);
            if (after == '+') {
                break; // required once, then repeated: the literal ends here
            }
            i = next;
        }
        return literal.length() >= 3 ? literal.toString() : null;
    }

    private static boolean isPunctuation(char c) {
        return c > 0x20 && c < 0x7f && !Character.isLetterOrDigit(c);
    }

    /** Does the matched text pass the checksum (over its letters and digits only)? */
    boolean valid(CharSequence match) {
        return switch (checksum) {
            case NONE -> true;
            case LUHN -> Validators.luhn(match);
            case MOD97 -> mod97(match);
        };
    }

    private static boolean mod97(CharSequence match) {
        StringBuilder alnum = new StringBuilder(match.length());
        for (int i = 0; i < match.length(); i++) {
            char c = match.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
                alnum.append(c);
            } else if (c >= 'a' && c <= 'z') {
                alnum.append((char) (c - 32));
            }
        }
        if (alnum.length() < 5) {
            return false;
        }
        // IBAN-style: the first four characters move to the end
        return Validators.mod97(alnum.substring(4) + alnum.substring(0, 4)) == 1;
    }
}
