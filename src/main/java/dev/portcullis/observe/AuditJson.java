package dev.portcullis.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes an {@link ExchangeRecord} as one JSON object, in the contract's field names, empty fields left out. */
public final class AuditJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.")
            .withZone(ZoneOffset.UTC);
    /** The last second formatted, "2026-11-27T06:01:02.": records come in time order, so most reuse it. */
    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String prefix) {}

    private AuditJson() {}

    /** A generator over the stream, reused for every line (creating one per record costs more than writing it). */
    static JsonGenerator lineWriter(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    static void write(JsonGenerator g, ExchangeRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("time", time(r.time()));
        field(g, "instance", r.instance());
        g.writeStringField("requestId", r.requestId());
        g.writeStringField("traceId", r.traceId());
        field(g, "client", r.client());
        field(g, "sourceAddress", r.sourceAddress());
        field(g, "kind", r.kind());
        field(g, "method", r.method());
        field(g, "url", r.url());
        field(g, "route", r.route());
        g.writeStringField("decision", r.decision());
        field(g, "error", r.error());
        field(g, "policy", r.policy());
        field(g, "message", r.message());
        if (!r.reported().isEmpty()) {
            g.writeArrayFieldStart("reported");
            for (ExchangeRecord.Reported rep : r.reported()) {
                g.writeStartObject();
                g.writeStringField("policy", rep.policy());
                g.writeStringField("error", rep.error());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (r.status() > 0) {
            g.writeNumberField("status", r.status());
        }
        field(g, "upstreamAddress", r.upstreamAddress());
        g.writeNumberField("requestBytes", r.requestBytes());
        g.writeNumberField("responseBytes", r.responseBytes());
        g.writeNumberField("durationMs", r.durationMs());
        if (r.upstreamMs() != null) {
            g.writeNumberField("upstreamMs", r.upstreamMs());
        }
        if (!r.dlp().isEmpty()) {
            g.writeArrayFieldStart("dlp");
            for (ExchangeRecord.Dlp d : r.dlp()) {
                g.writeStartObject();
                g.writeStringField("detector", d.detector());
                g.writeStringField("location", d.location());
                g.writeNumberField("count", d.count());
                g.writeStringField("action", d.action());
                field(g, "direction", d.direction());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        headers(g, "requestHeaders", r.requestHeaders());
        headers(g, "responseHeaders", r.responseHeaders());
        field(g, "aborted", r.aborted());
        if (r.storeFailure()) {
            g.writeBooleanField("storeFailure", true);
        }
        if (r.attempts() > 1) {
            g.writeNumberField("attempts", r.attempts());
        }
        if (!r.credentials().isEmpty()) {
            g.writeArrayFieldStart("credentials");
            for (String c : r.credentials()) {
                g.writeString(c);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** yyyy-MM-ddTHH:mm:ss.SSSZ in UTC: the formatter runs once a second, not once a record. */
    static String time(Instant t) {
        Second s = lastSecond;
        if (s.epochSecond() != t.getEpochSecond()) {
            s = new Second(t.getEpochSecond(), TIME.format(t));
            lastSecond = s;
        }
        int ms = t.getNano() / 1_000_000;
        return s.prefix() + (char) ('0' + ms / 100) + (char) ('0' + ms / 10 % 10) + (char) ('0' + ms % 10) + 'Z';
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    private static void headers(JsonGenerator g, String name, AuditHeaders headers) throws IOException {
        if (headers == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        for (int i = 0; i < headers.size(); i++) {
            g.writeStringField(headers.name(i), headers.value(i));
        }
        g.writeEndObject();
    }
}
