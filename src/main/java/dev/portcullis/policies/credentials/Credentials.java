package dev.portcullis.policies.credentials;

import dev.portcullis.config.Secret;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YNode;
import dev.portcullis.config.YObject;

/** Reading credential values from a policy's config: required, may reference secrets. */
final class Credentials {
    private Credentials() {}

    static Secret secret(YObject o, String key, SecretResolver secrets) {
        YNode n = o.get(key);
        if (n == null) {
            o.node().problem("missing required key '" + key + "'; reference a secret, e.g. " + key + ": ${env:NAME}");
            return null;
        }
        String raw = n.text();
        return raw == null ? null : secrets.resolve(raw, n, n.problems());
    }

    /**
     * A secret that goes into a header value as it is: refused at load when it holds a line break or another
     * control character (a header cannot carry one; every call would fail), named by position, never shown.
     */
    static Secret headerSecret(YObject o, String key, SecretResolver secrets) {
        Secret s = secret(o, key, secrets);
        if (s != null) {
            String v = s.reveal();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    o.get(key).problem("the secret for '" + key + "' holds a control character (" + (c == '\n' ? "a line feed"
                            : c == '\r' ? "a carriage return" : "code " + (int) c) + ") at index " + i
                            + ", which a header value cannot carry; check the secret's source (a stray line break?)");
                    return null;
                }
            }
        }
        return s;
    }
}
