package dev.portcullis.dlp;

import static dev.portcullis.dlp.Chars.isAlnum;
import static dev.portcullis.dlp.Chars.isAlpha;
import static dev.portcullis.dlp.Chars.isBase64Url;
import static dev.portcullis.dlp.Chars.isDigit;
import static dev.portcullis.dlp.Chars.isKeyChar;
import static dev.portcullis.dlp.Chars.isUpper;

import java.util.List;

/** Numbers: payment cards, US social security numbers and E.164 phone numbers. */
final class NumberDetectors {
    private static final String[] SSN_WORDS = {"ssn", "social security", "social_security"};

    private NumberDetectors() {}

    /** Digits in groups separated by single spaces or dashes: a card (13-19 digits) or an SSN (3-2-4). */
    static int digits(CharSequence s, int i, String field, TextScanner.ScanState state, boolean card, boolean ssn,
            List<Finding> out) {
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

    static int digitCount(CharSequence s, int from, int to) {
        int count = 0;
        for (int j = from; j < to; j++) {
            if (isDigit(s.charAt(j))) {
                count++;
            }
        }
        return count;
    }

    /** 123-45-6789 or 123 45 6789 always; 123456789 only with an SSN keyword nearby (else it is any number). */
    static int ssn(CharSequence s, int i, int[] groupEnd, int groups, String field, List<Finding> out) {
        int end;
        if (groups >= 3 && groupEnd[0] - i == 3 && groupEnd[1] - groupEnd[0] == 3 && groupEnd[2] - groupEnd[1] == 5) {
            end = groupEnd[2];
        } else if (groupEnd[0] - i == 9 && KeyDetectors.near(s, i, field, SSN_WORDS)) {
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

    /** '+', a country code not starting with 0, then 8 to 15 digits in all; up to two of " -.()" between digits. */
    static int phone(CharSequence s, int i, List<Finding> out) {
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
}
