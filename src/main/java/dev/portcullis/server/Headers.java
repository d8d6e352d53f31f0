package dev.portcullis.server;

import dev.portcullis.observe.AuditHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Headers for the audit record: lower-case names, repeated values joined, sensitive ones masked. */
final class Headers {
    private Headers() {}

    static AuditHeaders forAudit(HttpHeaders headers, Set<String> redactLowerCase) {
        AuditHeaders.Builder out = new AuditHeaders.Builder(redactLowerCase);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            out.add(e.getKey(), e.getValue().toString());
        }
        return out.build();
    }
}
