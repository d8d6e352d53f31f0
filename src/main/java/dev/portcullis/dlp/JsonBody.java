package dev.portcullis.dlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON bodies, value by value (and keys, when asked): each finding is located by its JSONPath. Redaction
 * writes the document again through a generator, so the result is always valid JSON; a number that was
 * a card becomes a string.
 */
final class JsonBody {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonBody() {}

    /** A value to replace in the source: bytes [start, end) become the JSON string replacement. */
    private record Splice(long start, long end, String replacement) {}

    /**
     * Scans body; returns the redacted document, or null when nothing changed. Throws when body is not JSON.
     * Redacted values are spliced into the original bytes (everything else stays byte for byte as sent);
     * only a redacted key makes the document be written again through a generator.
     */
    static byte[] scan(byte[] body, TextScanner scanner, boolean keys, Redaction redaction, Findings out) throws IOException {
        List<Splice> splices = redaction == null ? null : new ArrayList<>(2);
        boolean keyFound = walk(body, scanner, keys, redaction, null, out, splices);
        if (redaction == null || out.isEmpty()) {
            return null;
        }
        if (!keyFound && splices.stream().allMatch(sp -> sp.start() >= 0 && sp.end() > sp.start())) {
            return splice(body, splices);
        }
        // a redacted key, or no byte offsets (UTF-16/32 input): write the document again (in UTF-8)
        ByteArrayOutputStream redacted = new ByteArrayOutputStream(body.length + 64);
        try (JsonGenerator g = FACTORY.createGenerator(redacted)) {
            walk(body, scanner, keys, redaction, g, new Findings(), null);
        }
        return redacted.toByteArray();
    }

    private static byte[] splice(byte[] body, List<Splice> splices) {
        List<ByteSplice.Piece> pieces = new ArrayList<>(splices.size());
        for (Splice sp : splices) {
            byte[] q = com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsUTF8(sp.replacement());
            byte[] quoted = new byte[q.length + 2];
            quoted[0] = '"';
            System.arraycopy(q, 0, quoted, 1, q.length);
            quoted[quoted.length - 1] = '"';
            pieces.add(new ByteSplice.Piece((int) sp.start(), (int) sp.end(), quoted));
        }
        return ByteSplice.apply(body, pieces);
    }

    /** Returns whether a key had a finding (then splicing is not enough). */
    private static boolean walk(byte[] body, TextScanner scanner, boolean keys, Redaction redaction, JsonGenerator g,
            Findings out, List<Splice> splices) throws IOException {
        boolean keyFound = false;
        JsonPath path = new JsonPath();
        TextScanner.ScanState state = new TextScanner.ScanState();
        List<Finding> found = new ArrayList<>(0);
        int minLength = scanner.minLength();
        try (JsonParser p = FACTORY.createParser(body)) {
            String field = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT -> {
                        path.value();
                        path.enterObject();
                        if (g != null) {
                            g.writeStartObject();
                        }
                    }
                    case START_ARRAY -> {
                        path.value();
                        path.enterArray();
                        if (g != null) {
                            g.writeStartArray();
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        path.exit();
                        if (g != null) {
                            if (t == JsonToken.END_OBJECT) {
                                g.writeEndObject();
                            } else {
                                g.writeEndArray();
                            }
                        }
                    }
                    case FIELD_NAME -> {
                        field = p.currentName();
                        path.field(field);
                        String name = field;
                        if (keys) {
                            found.clear();
                            scanner.scan(field, null, state, found);
                            record(found, path, out);
                            keyFound |= !found.isEmpty();
                            if (!found.isEmpty() && redaction != null) {
                                name = redaction.apply(field, found);
                            }
                        }
                        if (g != null) {
                            g.writeFieldName(name);
                        }
                    }
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        path.value();
                        found.clear();
                        // scanned in the parser's own buffer: a String is made only for a value that needs one
                        if (p.getTextLength() >= minLength) {
                            scanner.scan(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), null, field, state, found);
                        }
                        record(found, path, out);
                        if (splices != null && !found.isEmpty()) {
                            splices.add(new Splice(p.currentTokenLocation().getByteOffset(), p.currentLocation().getByteOffset(),
                                    redaction.apply(p.getText(), found)));
                        }
                        if (g != null) {
                            if (!found.isEmpty()) {
                                g.writeString(redaction.apply(p.getText(), found));
                            } else {
                                g.copyCurrentEvent(p);
                            }
                        }
                    }
                    default -> { // true, false, null
                        path.value();
                        if (g != null) {
                            g.copyCurrentEvent(p);
                        }
                    }
                }
            }
        }
        return keyFound;
    }

    private static void record(List<Finding> found, JsonPath path, Findings out) {
        if (found.isEmpty()) {
            return;
        }
        String location = "body:" + path;
        for (Finding f : found) {
            out.add(f.detector(), location);
        }
    }
}
