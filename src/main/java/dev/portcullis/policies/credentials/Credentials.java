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
}
