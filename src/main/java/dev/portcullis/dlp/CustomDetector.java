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
