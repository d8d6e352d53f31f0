package dev.portcullis.server;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Header maps for the audit record: lower-case names, repeated values joined, sensitive ones masked. */
final class Headers {
    private Headers() {}

    static Map<String, String> forAudit(HttpHeaders headers, Set<String> redactLowerCase) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            String value = redactLowerCase.contains(name) ? "***" : e.getValue();
            out.merge(name, value, (a, b) -> a + ", " + b);
        }
        return out;
    }
}
