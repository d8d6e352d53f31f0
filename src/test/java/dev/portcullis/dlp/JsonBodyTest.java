package dev.portcullis.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.policy.BodyEdit;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The byte-level JSON reader: what it accepts, what it refuses, where findings are, and what redaction writes. */
class JsonBodyTest {
    static final TextScanner ALL = new TextScanner(Detector.defaults(), List.of());

    /** The body redacted (null when nothing changed), as the gateway would send it. */
    static byte[] scan(byte[] body, TextScanner scanner, boolean keys, Redaction redaction, Findings out) throws JsonBody.Malformed {
        List<BodyEdit> edits = JsonBody.edits(body, body.length, scanner, keys, redaction, out, null);
        return edits == null ? null : BodyEdit.apply(body, edits);
    }

    static String redact(String doc, Redaction redaction, Findings f) throws JsonBody.Malformed {
        byte[] out = scan(doc.getBytes(StandardCharsets.UTF_8), ALL, false, redaction, f);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    /** A body read from the front of a longer (reused) array: what follows it is never read. */
    @Test
    void onlyTheBodysOwnBytesAreReadFromALongerArray() throws Exception {
        byte[] reused = "{\"card\": \"4111 1111 1111 1111\"}  \"tail\": 4111111111111111}".getBytes(StandardCharsets.UTF_8);
        int length = "{\"card\": \"4111 1111 1111 1111\"}".length();
        Findings f = new Findings();
        List<BodyEdit> edits = JsonBody.edits(reused, length, ALL, false, Redaction.DEFAULT, f, null);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.card", 1));
        assertThat(edits).singleElement().satisfies(e -> assertThat(e.end()).isLessThan(length));
        byte[] bomThenMore = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'}; // two bytes of it are the body: not JSON
        assertThatThrownBy(() -> JsonBody.edits(bomThenMore, 2, ALL, false, null, new Findings(), null))
                .isInstanceOf(JsonBody.Malformed.class);
        byte[] unclosed = "[\"a\"]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonBody.edits(unclosed, 4, ALL, false, null, new Findings(), null))
                .isInstanceOf(JsonBody.Malformed.class);
    }

    @Test
    void escapedDigitsAreScannedAsTheDigitsTheyStandFor() throws Exception {
        Findings f = new Findings();
        String out = redact("{\"note\": \"card \\u0034111 1111 1111 1111\\n\", \"x\": 1}", Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.note", 1));
        assertThat(out).isEqualTo("{\"note\": \"card [REDACTED:credit-card]\\n\", \"x\": 1}");
    }

    @Test
    void aNumberThatIsACardBecomesAString() throws Exception {
        String out = redact("{\"n\":[1, 4111111111111111 ,2]}", Redaction.DEFAULT, new Findings());
        assertThat(out).isEqualTo("{\"n\":[1, \"[REDACTED:credit-card]\" ,2]}");
        assertThat(new ObjectMapper().readTree(out).get("n").get(1).asText()).isEqualTo("[REDACTED:credit-card]");
    }

    @Test
    void keepLastRedactsInTheBytesPastMultiByteCharacters() throws Exception {
        String out = redact("{\"a\":\"\u00e9\u20ac 4111111111111111 \u00e9\"}", new Redaction(Redaction.DEFAULT_REPLACEMENT, 4),
                new Findings());
        assertThat(out).isEqualTo("{\"a\":\"\u00e9\u20ac ************1111 \u00e9\"}");
    }

    @Test
    void aReplacementIsEscapedForJson() throws Exception {
        String out = redact("{\"a\":\"4111111111111111\"}", new Redaction("\"{detector}\"\\", 0), new Findings());
        assertThat(out).isEqualTo("{\"a\":\"\\\"credit-card\\\"\\\\\"}");
    }

    @Test
    void pathsFollowNestingArraysAndOddKeys() throws Exception {
        Findings f = new Findings();
        redact("{\"a\":[{}, [], [0, {\"b c\": {\"card\": \"4111111111111111\"}}]], \"e\\u0041\": \"jane.roe@example.com\"}",
                null, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.a[2][1]['b c'].card", 1),
                new Findings.Hit("email", "body:$.eA", 1));
    }

    @Test
    void aKeyFindingIsLocatedAtItsObjectNeverByTheKeyItself() throws Exception {
        Findings f = new Findings();
        byte[] out = scan("{\"customer\": {\"jane.roe@example.com\": 1}}".getBytes(StandardCharsets.UTF_8), ALL, true,
                Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("email", "body:$.customer.<key>", 1));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"customer\": {\"[REDACTED:email]\": 1}}");
    }

    @Test
    void theKeyNameIsContextForTheValue() throws Exception {
        Findings plain = new Findings();
        redact("{\"client_secret\": \"Zx81kQp0vR4sT7uW2yB5nM9c\"}", null, plain);
        assertThat(plain.hits()).extracting(Findings.Hit::detector).containsExactly("generic-api-key");
        Findings escaped = new Findings();
        redact("{\"client\\u005fsecret\": \"Zx81kQp0vR4sT7uW2yB5nM9c\"}", null, escaped);
        assertThat(escaped.hits()).extracting(Findings.Hit::detector).containsExactly("generic-api-key");
        Findings other = new Findings();
        redact("{\"order_ref\": \"Zx81kQp0vR4sT7uW2yB5nM9c\"}", null, other);
        assertThat(other.isEmpty()).isTrue();
    }

    @Test
    void nothingFoundMeansNothingRewritten() throws Exception {
        assertThat(redact(" {\"a\": \"leave at the front door\", \"b\": [true, false, null, -1.5e+3]} ", Redaction.DEFAULT,
                new Findings())).isNull();
    }

    @Test
    void nestingIsBoundedAndTheTextScanStillFindsWhatIsDeepInside() throws Exception {
        String deep = "[".repeat(JsonBody.MAX_DEPTH) + "\"4111111111111111\"" + "]".repeat(JsonBody.MAX_DEPTH);
        Findings f = new Findings();
        redact(deep, null, f);
        assertThat(f.hits()).extracting(Findings.Hit::location)
                .containsExactly("body:" + ("$" + "[0]".repeat(JsonBody.MAX_DEPTH)).substring(0, JsonBody.MAX_PATH) + "...");
        String deeper = "[" + deep + "]";
        assertThatThrownBy(() -> redact(deeper, null, new Findings())).isInstanceOf(JsonBody.Malformed.class)
                .hasMessageContaining("nesting deeper than 1000");
        Findings text = new Findings();
        new DlpScanner(ALL, false).body(deeper.getBytes(StandardCharsets.UTF_8), "application/json", null, text);
        assertThat(text.hits()).containsExactly(new Findings.Hit("credit-card", "body", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "UTF-32"})
    void wideEncodingsAreReadAndRedactedInTheirOwnEncoding(String charset) throws Exception {
        String doc = "{\"card\": \"4111 1111 1111 1111\", \"n\": \"caf\u00e9 \uD83D\uDE00\"}";
        Findings f = new Findings();
        Charset cs = Charset.forName(charset);
        byte[] out = scan(doc.getBytes(cs), ALL, false, Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.card", 1));
        assertThat(new String(out, cs)).isEqualTo("{\"card\": \"[REDACTED:credit-card]\", \"n\": \"caf\u00e9 \uD83D\uDE00\"}");
        assertThat(new ObjectMapper().readTree(out).path("n").asText()).isEqualTo("caf\u00e9 \uD83D\uDE00"); // as a parser detects it
    }

    @Test
    void aUtf8ByteOrderMarkAndSeveralTopLevelValuesAreRead() throws Exception {
        Findings f = new Findings();
        String out = redact("\uFEFF{\"a\": 1}\n{\"card\": \"4111111111111111\"}\n", Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.card", 1));
        assertThat(out).isEqualTo("\uFEFF{\"a\": 1}\n{\"card\": \"[REDACTED:credit-card]\"}\n");
    }

    /** NDJSON: values on lines of their own are read one by one; two on one line are refused (and scanned as text). */
    @ParameterizedTest
    @ValueSource(strings = {"1 2", "1-2", "truefalse", "{} {}", "\"a\"\"b\"", "[1]\t[2]", "{\"a\": 1}\r{\"b\": 2}"})
    void topLevelValuesOnOneLineAreRefused(String doc) {
        assertThatThrownBy(() -> redact(doc, null, new Findings())).isInstanceOf(JsonBody.Malformed.class)
                .hasMessageContaining("second top-level value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1\n2", "true\r\nfalse\n", "{}  \n  {}", "\"a\"\n\"b\""})
    void topLevelValuesOnLinesOfTheirOwnAreRead(String doc) throws Exception {
        assertThat(redact(doc, Redaction.DEFAULT, new Findings())).isNull();
    }

    @Test
    void aLoneSurrogateEscapeIsReadAsMostParsersDo() throws Exception {
        Findings f = new Findings();
        redact("{\"a\": \"\\ud800 4111111111111111\"}", null, f);
        assertThat(f.total()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,}", "[1,]", "{,}", "{\"a\" 1}", "{'a':1}", "{a:1}", "[01]", "[1.]", "[.5]", "[-]", "[1e]",
        "[NaN]", "[tru]", "[nul]", "{\"a\":1} // c", "/* c */ {}", "[\"a\u0001\"]", "[\"\\x41\"]", "[\"\\u12G4\"]", "[\"abc",
        "{\"a\":1", "[1 2]", "{\"a\":1 \"b\":2}", "]", "{\"a\":1}}", "[+1]", "\"\\"})
    void malformedJsonIsRefused(String doc) {
        assertThatThrownBy(() -> scan(doc.getBytes(StandardCharsets.UTF_8), ALL, false, null, new Findings()))
                .isInstanceOf(JsonBody.Malformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0B4", "C1BF", "E08080", "EDA080", "F4908080", "F5808080", "80", "C3", "E282"})
    void invalidUtf8InAStringIsRefused(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] doc = new byte[bad.length + 4];
        doc[0] = '[';
        doc[1] = '"';
        System.arraycopy(bad, 0, doc, 2, bad.length);
        doc[doc.length - 2] = '"';
        doc[doc.length - 1] = ']';
        assertThatThrownBy(() -> scan(doc, ALL, false, null, new Findings())).isInstanceOf(JsonBody.Malformed.class);
    }

    @Test
    void everyDocumentJacksonWritesIsReadAndItsCardsFound() throws Exception {
        ObjectMapper m = new ObjectMapper();
        java.util.Random r = new java.util.Random(7);
        for (int doc = 0; doc < 300; doc++) {
            com.fasterxml.jackson.databind.node.ObjectNode root = m.createObjectNode();
            int cards = 0;
            for (int k = 0; k < 12; k++) {
                StringBuilder text = new StringBuilder();
                for (int c = r.nextInt(30); c > 0; c--) {
                    int kind = r.nextInt(5);
                    text.appendCodePoint(kind == 0 ? r.nextInt(0x20) : kind == 1 ? 0x80 + r.nextInt(0x800)
                            : kind == 2 ? 0x10000 + r.nextInt(0x1000) : 0x20 + r.nextInt(0x5F));
                }
                if (r.nextInt(4) == 0) {
                    text.append(" 4111 1111 1111 1111 ");
                    cards++;
                }
                String key = "k\u00e9\n\"" + k;
                if (r.nextBoolean()) {
                    root.putArray(key).add(text.toString()).add(r.nextDouble() * 1e6).add(r.nextBoolean()).addNull().addObject();
                } else {
                    root.put(key, text.toString());
                }
            }
            Findings f = new Findings();
            byte[] json = m.writeValueAsBytes(root);
            byte[] out = scan(json, ALL, false, Redaction.DEFAULT, f);
            assertThat(f.total()).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(cards);
            if (out != null) {
                assertThat(m.readTree(out).toString()).doesNotContain("4111 1111");
            }
        }
    }

    @Test
    void theWordSkipFindsEveryStopByte() {
        byte[] b = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghij".getBytes(StandardCharsets.ISO_8859_1);
        for (int stopAt = 0; stopAt < b.length; stopAt++) {
            for (byte stop : new byte[] {'"', '\\', 0x00, 0x1F, (byte) 0x80, (byte) 0xFF}) {
                byte[] copy = b.clone();
                copy[stopAt] = stop;
                for (int from = 0; from <= stopAt; from++) {
                    assertThat(Utf8.plainEnd(copy, from, copy.length)).as("stop %d at %d from %d", stop, stopAt, from)
                            .isEqualTo(stopAt);
                }
            }
        }
        assertThat(Utf8.plainEnd(b, 3, b.length)).isEqualTo(b.length);
        assertThat(Utf8.plainEnd(b, 3, 20)).isEqualTo(20);
    }

    /** The gateway's JSON scan: candidates searched first, so elements without one are passed over unread. */
    private static final DlpScanner PREFILTERED = new DlpScanner(ALL, false);
    private static final DlpScanner PREFILTERED_KEYS = new DlpScanner(ALL, true);

    private static String gatewayScan(DlpScanner scanner, String doc, Findings f) {
        byte[] out = scanner.body(doc.getBytes(StandardCharsets.UTF_8), "application/json", Redaction.DEFAULT, f);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    private static String orders(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ", ").append("{\"id\": \"ORD-").append(i).append("\", \"tags\": [\"a, ]\", {\"q\": [1, 2]}]}");
        }
        return b.toString();
    }

    @Test
    void elementsPassedOverStillCountInThePath() {
        String doc = "{\"orders\": [" + orders(25) + ", {\"id\": 7, \"note\": \"pay 4111111111111111\"}, " + orders(3)
                + "], \"x\": [" + orders(4) + "]}";
        Findings f = new Findings();
        String out = gatewayScan(PREFILTERED, doc, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.orders[25].note", 1));
        assertThat(out).isEqualTo(doc.replace("4111111111111111", "[REDACTED:credit-card]"));
    }

    /**
     * What is passed over is not read, so not checked as JSON: it holds no candidate, so nothing in it could
     * be found however it parses. Read whole, this body is malformed and scanned as text (location "body").
     */
    @Test
    void aStretchPassedOverIsNotRead() {
        String doc = "{\"skip\": {\"x\": 1 2}, \"pad\": [" + orders(3) + "], \"card\": \"4111111111111111\"}";
        Findings f = new Findings();
        gatewayScan(PREFILTERED, doc, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.card", 1));
        Findings whole = new Findings();
        gatewayScan(DlpScanner.withoutPrefilter(ALL, false), doc, whole);
        assertThat(whole.hits()).containsExactly(new Findings.Hit("credit-card", "body", 1));
    }

    /**
     * After passing over, a key with a candidate (not scanned: keys are not) makes the body be read again
     * whole: here a malformed stretch would otherwise turn the card from a value into a key and let it go.
     */
    @Test
    void aKeyWithACandidateAfterAPassIsDecidedByReadingEverything() {
        String malformed = "{\"k\": 1, \"pad\": [" + orders(3) + "], \"a\" \"b\", \"4111111111111111\": 2}";
        Findings f = new Findings();
        String out = gatewayScan(PREFILTERED, malformed, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body", 1));
        assertThat(out).doesNotContain("4111111111111111");
        String valid = "{\"pad\": [" + orders(3) + "], \"4111111111111111\": 2}";
        Findings keysNotScanned = new Findings();
        assertThat(gatewayScan(PREFILTERED, valid, keysNotScanned)).isNull();
        assertThat(keysNotScanned.isEmpty()).isTrue();
        Findings keysScanned = new Findings();
        gatewayScan(PREFILTERED_KEYS, valid, keysScanned);
        assertThat(keysScanned.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.<key>", 1));
    }

    /** Found before the reader met the malformed part, a card is counted once: by the text scan that follows. */
    @Test
    void aBodyMalformedPartWayIsCountedByItsTextScanOnly() {
        for (DlpScanner scanner : new DlpScanner[] {PREFILTERED, DlpScanner.withoutPrefilter(ALL, false)}) {
            Findings f = new Findings();
            String out = gatewayScan(scanner, "{\"a\": \"4111111111111111\", \"b\": 1 2, \"c\": \"5555555555554444\"}", f);
            assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body", 2));
            assertThat(out).doesNotContain("4111111111111111").doesNotContain("5555555555554444");
        }
    }

    /** A value's field is the key of the object it is in, for an array's elements too, whatever came between. */
    @Test
    void theFieldOfAnArrayElementIsTheKeyAboveIt() throws Exception {
        Findings under = new Findings();
        redact("{\"client_secret\": [{\"id\": 1}, \"Zx81kQp0vR4sT7uW2yB5nM9c\"]}", null, under);
        assertThat(under.hits()).containsExactly(new Findings.Hit("generic-api-key", "body:$.client_secret[1]", 1));
        Findings beside = new Findings();
        redact("{\"data\": [{\"client_secret\": 1}, \"Zx81kQp0vR4sT7uW2yB5nM9c\"]}", null, beside);
        assertThat(beside.isEmpty()).isTrue();
    }
}
