package dev.portcullis.dlp;

import static dev.portcullis.dlp.Chars.isAlnum;
import static dev.portcullis.dlp.Chars.isAlpha;
import static dev.portcullis.dlp.Chars.isBase64Url;
import static dev.portcullis.dlp.Chars.isDigit;
import static dev.portcullis.dlp.Chars.isKeyChar;
import static dev.portcullis.dlp.Chars.isUpper;

import java.util.List;

/** Things with a fixed shape: e-mail addresses, IBANs, AWS key ids, JWTs, GitHub/Slack/Stripe tokens, private keys. */
final class TokenDetectors {
    private TokenDetectors() {}

    /** local@domain.tld: the local part is read backwards from the '@', the domain forwards; a TLD of 2+ letters. */
    static int email(CharSequence s, int at, List<Finding> out) {
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

    static boolean isLocalChar(char c) {
        return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** An e-mail found at '@' replaces a finding that began inside its local part (a word already taken). */
    static void addReplacing(List<Finding> out, Finding f) {
        while (!out.isEmpty() && out.get(out.size() - 1).end() > f.start()) {
            out.remove(out.size() - 1);
        }
        out.add(f);
    }

    /** AKIA / ASIA followed by 16 upper-case letters or digits. */
    static int awsKeyId(CharSequence s, int i, TextScanner.ScanState state, List<Finding> out) {
        if (!(Chars.startsWith(s, "AKIA", i) || Chars.startsWith(s, "ASIA", i))) {
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
    static int iban(CharSequence s, int i, List<Finding> out) {
        int n = s.length();
        if (i + 4 > n || !isUpper(s.charAt(i + 1)) || !isDigit(s.charAt(i + 2)) || !isDigit(s.charAt(i + 3))) {
            return -1;
        }
        Integer length = Validators.IBAN_LENGTHS.get(s.subSequence(i, i + 2).toString());
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
    static int jwt(CharSequence s, int i, List<Finding> out) {
        if (!Chars.startsWith(s, "eyJ", i)) {
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
    static int github(CharSequence s, int i, List<Finding> out) {
        int end = -1;
        if (Chars.startsWith(s, "gh", i) && i + 4 <= s.length() && "pousr".indexOf(s.charAt(i + 2)) >= 0 && s.charAt(i + 3) == '_') {
            end = fixedRun(s, i + 4, 36, false);
        } else if (Chars.startsWith(s, "github_pat_", i)) {
            end = fixedRun(s, i + 11, 82, true);
        }
        if (end < 0) {
            return -1;
        }
        out.add(new Finding(Detector.GITHUB_TOKEN.configName(), i, end));
        return end;
    }

    /** Exactly count letters or digits (and '_' when allowed) from p, then a word boundary. */
    static int fixedRun(CharSequence s, int p, int count, boolean underscore) {
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
    static int slack(CharSequence s, int i, List<Finding> out) {
        if (!Chars.startsWith(s, "xox", i) || i + 5 > s.length() || "bpares".indexOf(s.charAt(i + 3)) < 0 || s.charAt(i + 4) != '-') {
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
    static int stripe(CharSequence s, int i, List<Finding> out) {
        if (!(Chars.startsWith(s, "sk_live_", i) || Chars.startsWith(s, "sk_test_", i) || Chars.startsWith(s, "rk_live_", i)
                || Chars.startsWith(s, "rk_test_", i))) {
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
    static int privateKey(CharSequence s, int i, List<Finding> out) {
        if (!Chars.startsWith(s, "-----BEGIN ", i)) {
            return -1;
        }
        int headerEnd = Chars.indexOf(s, "-----", i + 11);
        if (headerEnd < 0 || headerEnd - i > 60 || !Chars.startsWith(s, "PRIVATE KEY", headerEnd - 11)) {
            return -1;
        }
        int end = Chars.indexOf(s, "-----END ", headerEnd + 5);
        if (end >= 0) {
            int close = Chars.indexOf(s, "-----", end + 9);
            end = close < 0 ? s.length() : close + 5;
        } else {
            end = s.length();
        }
        out.add(new Finding(Detector.PRIVATE_KEY.configName(), i, end));
        return end;
    }
}
