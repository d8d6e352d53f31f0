package dev.portcullis.config;

/** Names of routes, clients and policies: they appear in URLs, metrics and audit records. */
final class Names {
    private Names() {}

    /** The name under key 'name', checked; null (with a problem) when missing or malformed. */
    static String read(YObject o, String what) {
        String name = o.required("name");
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            o.get("name").problem("invalid " + what + " name '" + name
                    + "'; use letters, digits, '.', '_' and '-' (at most 64 characters)");
            return null;
        }
        return name;
    }
}
