package dev.portcullis.policies.headers;

import java.util.List;

/** RFC 9110 token and field-value checks for header names and values written in the config. */
public final class HeaderNames {
    private HeaderNames() {}

    public static boolean isValid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Header names from a config list, each checked. */
    static List<String> parse(dev.portcullis.config.YObject o, String key) {
        return o.list(key, n -> {
            String t = n.text();
            if (t != null && !isValid(t)) {
                n.problem("'" + t + "' is not a valid HTTP header name");
                return null;
            }
            return t;
        });
    }
}
