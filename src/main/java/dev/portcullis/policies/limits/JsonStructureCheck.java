package dev.portcullis.policies.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.portcullis.policy.BodyCheck;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * JSON limits enforced while the body streams, through Jackson's non-blocking parser: depth, keys per
 * object, items per array, string length and total entries, each refused at the token that crosses it.
 * Memory stays bounded: a string is never buffered beyond its limit (the parser's own constraint).
 * A document that is not well-formed JSON is refused too.
 */
final class JsonStructureCheck implements BodyCheck {
    /** Longest string accepted when maxStringLength is not set: the parser must hold a string whole. */
    static final int DEFAULT_MAX_STRING = 16 << 20;

    private final JsonLimits limits;
    private final JsonParser parser;
    private int[] counts = new int[16]; // entries so far in each open container
    private int depth;
    private long total;
    private boolean rootDone;
    // Jackson's non-blocking parser (seen in 2.21.8 and 2.22.3) accepts {"a":1,} when the '}' arrives in a
    // later piece than the ','; this byte-level guard catches exactly that (a ',' before '}' or ']').
    private boolean inString;
    private boolean escaped;
    private byte lastSignificant;

    JsonStructureCheck(JsonFactory factory, JsonLimits limits) {
        this.limits = limits;
        try {
            this.parser = factory.createNonBlockingByteBufferParser();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON parser", e);
        }
    }

    static JsonFactory factory(JsonLimits limits) {
        int strings = limits.maxStringLength() > 0 ? limits.maxStringLength() : DEFAULT_MAX_STRING;
        StreamReadConstraints.Builder c = StreamReadConstraints.builder().maxStringLength(strings).maxNameLength(strings);
        if (limits.maxDepth() > 0) {
            c.maxNestingDepth(limits.maxDepth());
        }
        return JsonFactory.builder().streamReadConstraints(c.build()).build();
    }

    @Override
    public Verdict.Deny content(ByteBuffer piece) {
        if (trailingComma(piece)) {
            return refuse("the body is declared JSON but is not well-formed: a ',' before a closing bracket");
        }
        try {
            ((ByteBufferFeeder) parser.getNonBlockingInputFeeder()).feedInput(piece);
            return drain();
        } catch (StreamConstraintsException e) {
            return refuse(constraintMessage(e));
        } catch (IOException e) {
            return malformed(e);
        }
    }

    @Override
    public Verdict.Deny end() {
        try {
            ((ByteBufferFeeder) parser.getNonBlockingInputFeeder()).endOfInput();
            Verdict.Deny d = drain();
            if (d == null && depth > 0) {
                return malformed(null);
            }
            return d;
        } catch (StreamConstraintsException e) {
            return refuse(constraintMessage(e));
        } catch (IOException e) {
            return malformed(e);
        }
    }

    private boolean trailingComma(ByteBuffer piece) {
        for (int i = piece.position(); i < piece.limit(); i++) {
            byte c = piece.get(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                lastSignificant = c;
            } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                if ((c == '}' || c == ']') && lastSignificant == ',') {
                    return true;
                }
                lastSignificant = c;
            }
        }
        return false;
    }

    private Verdict.Deny drain() throws IOException {
        JsonToken t;
        while ((t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
            if (rootDone) {
                return refuse("the JSON body has more than one top-level value");
            }
            Verdict.Deny d = switch (t) {
                case START_OBJECT, START_ARRAY -> open();
                case END_OBJECT, END_ARRAY -> close();
                case FIELD_NAME -> longString() ? tooLong() : entry(true);
                case VALUE_STRING -> longString() ? tooLong() : value();
                default -> value();
            };
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** The parser's own constraint bounds memory for long strings; this catches the short ones over the limit. */
    private boolean longString() throws IOException {
        return limits.maxStringLength() > 0 && parser.getTextLength() > limits.maxStringLength();
    }

    private Verdict.Deny tooLong() {
        return refuse("a JSON string is longer than maxStringLength (" + limits.maxStringLength() + ")");
    }

    private Verdict.Deny open() {
        Verdict.Deny d = depth > 0 && !inObject() ? entry(false) : null;
        if (d != null) {
            return d;
        }
        if (depth == counts.length) {
            counts = Arrays.copyOf(counts, depth * 2);
        }
        counts[depth++] = parser.currentToken() == JsonToken.START_OBJECT ? 0 : Integer.MIN_VALUE; // negative: an array
        if (limits.maxDepth() > 0 && depth > limits.maxDepth()) {
            return refuse("JSON nesting depth " + depth + " is over maxDepth (" + limits.maxDepth() + ")");
        }
        return null;
    }

    private Verdict.Deny close() {
        depth--;
        rootDone = depth == 0;
        return null;
    }

    private Verdict.Deny value() {
        if (depth == 0) {
            rootDone = true;
            return null;
        }
        return inObject() ? null : entry(false);
    }

    private boolean inObject() { return counts[depth - 1] >= 0; }

    /** A key in an object, or an item in an array. */
    private Verdict.Deny entry(boolean key) {
        int c = key ? ++counts[depth - 1] : (++counts[depth - 1]) - Integer.MIN_VALUE;
        if (key && limits.maxKeysPerObject() > 0 && c > limits.maxKeysPerObject()) {
            return refuse("a JSON object has more than maxKeysPerObject (" + limits.maxKeysPerObject() + ") keys");
        }
        if (!key && limits.maxArrayItems() > 0 && c > limits.maxArrayItems()) {
            return refuse("a JSON array has more than maxArrayItems (" + limits.maxArrayItems() + ") items");
        }
        if (limits.maxTotalEntries() > 0 && ++total > limits.maxTotalEntries()) {
            return refuse("the JSON body has more than maxTotalEntries (" + limits.maxTotalEntries() + ") keys and items");
        }
        return null;
    }

    private String constraintMessage(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "JSON nesting depth is over maxDepth (" + limits.maxDepth() + ")";
        }
        if (m.contains("length")) {
            return "a JSON string is longer than " + (limits.maxStringLength() > 0 ? "maxStringLength ("
                    + limits.maxStringLength() + ")" : "the " + DEFAULT_MAX_STRING + " characters accepted without maxStringLength");
        }
        return "the JSON body is over a parser limit: " + m;
    }

    private Verdict.Deny refuse(String why) {
        return new Verdict.Deny(ErrorCode.BAD_REQUEST, why + " (at byte " + parser.currentLocation().getByteOffset()
                + "); the request was refused by payload-limits", java.util.Map.of());
    }

    private Verdict.Deny malformed(IOException e) {
        String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : "the document ends before it is complete";
        return refuse("the body is declared JSON but is not well-formed: " + firstLine(detail));
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return s == null ? "" : nl < 0 ? s : s.substring(0, nl);
    }
}
