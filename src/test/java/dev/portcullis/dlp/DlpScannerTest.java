package dev.portcullis.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.policy.BodyEdit;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Body scanning by media type: locations, keys, and what redaction leaves untouched. */
class DlpScannerTest {
    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /**
     * body scanned as the gateway holds it (in direct buffers: the pieces it arrived in, cut at a place
     * that depends on its length), redacting: the redacted body, or null when unchanged (as
     * {@link DlpScanner#body}). The array it asks for is a copy of the pieces.
     */
    static byte[] held(DlpScanner scanner, byte[] body, String type, Findings out) {
        List<ByteBuffer> pieces = pieces(body);
        List<BodyEdit> edits = scanner.edits(pieces, () -> body.clone(), type, Redaction.DEFAULT, out);
        assertThat(pieces).as("the buffers' positions are not moved").allMatch(p -> p.position() == 0);
        return edits == null ? null : BodyEdit.apply(body, edits);
    }

    /** body in up to three direct buffers (cut at a third and at a half of its length). */
    static List<ByteBuffer> pieces(byte[] body) {
        int[] cuts = {0, body.length / 3, body.length / 2, body.length};
        List<ByteBuffer> pieces = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < cuts.length; i++) {
            if (cuts[i + 1] > cuts[i] || body.length == 0) {
                pieces.add(ByteBuffer.allocateDirect(cuts[i + 1] - cuts[i]).put(body, cuts[i], cuts[i + 1] - cuts[i]).flip()
                        .asReadOnlyBuffer());
            }
        }
        return pieces;
    }

    /**
     * A held JSON or text body is read from the thread's copy, card or no card: never made an array of its
     * own. A form body is (forms are read as fields, from an array).
     */
    @Test
    void aHeldJsonOrTextBodyIsNeverMadeAnArray() {
        DlpScanner scanner = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false);
        String orders = "{\"orders\": [{\"id\": \"ORD-123456\", \"at\": \"2026-11-26T10:00:00Z\", \"qty\": 3,"
                + " \"request\": \"f47ac10b-58cc-4372-a567-0e02b2c3d479\", \"note\": \"%s\"}]}";
        String[][] cases = {{"application/json", orders.formatted("leave at the door"), "0"}, {"text/plain", "leave at the door", "0"},
            {"application/json", orders.formatted("card 4111 1111 1111 1111"), "0"}, {"text/plain", "card 4111 1111 1111 1111", "0"},
            {"application/json", "{\"card\": \"4111 1111 1111 1111\", \"broken\": }", "0"},
            {"application/x-www-form-urlencoded", "note=card+4111+1111+1111+1111", "1"}};
        for (String[] c : cases) {
            int[] copies = {0};
            byte[] body = utf8(c[1]);
            Findings got = new Findings();
            List<BodyEdit> edits = scanner.edits(pieces(body), () -> { copies[0]++; return body.clone(); }, c[0], Redaction.DEFAULT, got);
            assertThat(copies[0]).as(c[1]).isEqualTo(Integer.parseInt(c[2]));
            Findings want = new Findings();
            assertThat(edits == null ? null : BodyEdit.apply(body, edits)).as(c[1])
                    .isEqualTo(scanner.body(body, c[0], Redaction.DEFAULT, want));
            assertThat(got.hits()).as(c[1]).isEqualTo(want.hits()).hasSize(c[1].contains("4111") ? 1 : 0);
        }
    }

    /**
     * A held body too large for the thread's copy (scanned from its array) and a UTF-16 one (transcoded
     * from the thread's copy) are scanned as the array path scans them.
     */
    @Test
    void aHeldBodyTooLargeOrWideIsScannedAsItsArrayIs() {
        DlpScanner scanner = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false);
        String large = "{\"pad\": \"" + "x".repeat(Candidates.REUSED_BYTES) + "\", \"card\": \"4111 1111 1111 1111\"}";
        byte[] utf16 = "{\"card\": \"4111 1111 1111 1111\"}".getBytes(StandardCharsets.UTF_16LE);
        for (byte[] body : List.of(utf8(large), utf16)) {
            Findings want = new Findings();
            Findings got = new Findings();
            assertThat(held(scanner, body, "application/json", got)).isEqualTo(scanner.body(body, "application/json", Redaction.DEFAULT, want));
            assertThat(got.hits()).isEqualTo(want.hits()).hasSize(1);
        }
    }

    @Test
    void jsonKeysAreScannedOnlyWhenAsked() throws Exception {
        String doc = "{\"jane.roe@example.com\":{\"tier\":\"gold\"}}";
        Findings without = new Findings();
        new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false).body(utf8(doc), "application/json", null, without);
        assertThat(without.isEmpty()).isTrue();
        Findings with = new Findings();
        byte[] out = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), true)
                .body(utf8(doc), "application/json", Redaction.DEFAULT, with);
        assertThat(with.hits()).containsExactly(new Findings.Hit("email", "body:$.<key>", 1));
        assertThat(new ObjectMapper().readTree(out).has("[REDACTED:email]")).isTrue();
    }

    @Test
    void untouchedBytesStayExactlyAsSent() {
        String doc = "{ \"a\" : [ 1 ,2 ],\n  \"card\": \"4111111111111111\" , \"z\":\"\u00e9\" }";
        byte[] out = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false)
                .body(utf8(doc), "application/json; charset=utf-8", Redaction.DEFAULT, new Findings());
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{ \"a\" : [ 1 ,2 ],\n  \"card\": \"[REDACTED:credit-card]\" , \"z\":\"\u00e9\" }");
    }

    @Test
    void malformedJsonIsScannedAsText() {
        Findings f = new Findings();
        new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false)
                .body(utf8("{\"broken\": ,,, \"card\": 4111111111111111}"), "application/json", null, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body", 1));
    }

    /** Form values are decoded and scanned one by one: an escaped card, an SSN at a value's end, a '+' as a space. */
    @Test
    void formValuesAreDecodedAndScannedOneByOne() {
        DlpScanner scanner = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false);
        Findings f = new Findings();
        byte[] out = scanner.body(utf8("a=1&ssn=123-45-6789&card=%34111%201111%201111%201111&note=leave+at+the+door"),
                "application/x-www-form-urlencoded", Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("us-ssn", "body:ssn", 1), new Findings.Hit("credit-card", "body:card", 1));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(
                "a=1&ssn=%5BREDACTED%3Aus-ssn%5D&card=%5BREDACTED%3Acredit-card%5D&note=leave+at+the+door");
    }

    /**
     * The JSON reader stops past the last candidate: what follows cannot hold a finding, so an error there
     * does not make the body text (the card is still located by its path). An error before it does.
     */
    @Test
    void jsonIsReadUpToItsLastCandidateOnly() {
        DlpScanner scanner = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false);
        Findings late = new Findings();
        byte[] out = scanner.body(utf8("{\"card\": \"4111111111111111\", \"rest\": [1, 2,, ]"), "application/json",
                Redaction.DEFAULT, late);
        assertThat(late.hits()).containsExactly(new Findings.Hit("credit-card", "body:$.card", 1));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"card\": \"[REDACTED:credit-card]\", \"rest\": [1, 2,, ]");
        Findings early = new Findings();
        scanner.body(utf8("{\"rest\": [1, 2,, ], \"card\": \"4111111111111111\"}"), "application/json", Redaction.DEFAULT, early);
        assertThat(early.hits()).containsExactly(new Findings.Hit("credit-card", "body", 1));
    }

    /**
     * Top-level values side by side on one line are not JSON, so a card written in groups is scanned as the
     * text it is. Read as NDJSON (four numbers, each too short to be anything) it went out unredacted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "\"x\" 4111 1111 1111 1111"})
    void topLevelValuesOnOneLineAreScannedAsText(String body) {
        Findings f = new Findings();
        byte[] out = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false)
                .body(utf8(body), "application/json", Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body", 1));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(body.replaceAll("4111.*", "[REDACTED:credit-card]"));
    }

    @Test
    void malformedJsonIsScannedWithItsEscapesDecoded() {
        Findings f = new Findings();
        byte[] out = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false)
                .body(utf8("{\"card\": \"\\u0034111\\u00201111 1111 1111\", NaN: \"\u00e9\\q\"}"), "application/json",
                        Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body", 1));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"card\": \"[REDACTED:credit-card]\", NaN: \"\u00e9\\q\"}");
    }

    @Test
    void aJsonPartOfAMultipartBodyIsReadValueByValue() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\ncall 4111 1111 1111 1111\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"payload\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"card\": \"\\u0034111111111111111\", \"n\": \"\u00e9\"}\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"broken\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"card\": \\u0034111111111111111\r\n--b--\r\n";
        Findings f = new Findings();
        byte[] out = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false)
                .body(utf8(body), "multipart/form-data; boundary=b", Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:note", 1),
                new Findings.Hit("credit-card", "body:payload:$.card", 1), new Findings.Hit("credit-card", "body:broken", 1));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(body.replace("4111 1111 1111 1111", "[REDACTED:credit-card]")
                .replace("\"\\u0034111111111111111\"", "\"[REDACTED:credit-card]\"")
                .replace("\\u0034111111111111111", "[REDACTED:credit-card]"));
    }

    @Test
    void formFieldsAreDecodedScannedAndRedactedAsEditsOfTheirValuesOnly() {
        String form = "a=1&n%C3%A9=4111%201111%201111%201111&c%2B=x&card=4111+1111+1111+1111&z=%ZZ&last=ok";
        Findings f = new Findings();
        var scanner = new DlpScanner(new TextScanner(Detector.defaults(), List.of()), false);
        var edits = scanner.edits(utf8(form), "application/x-www-form-urlencoded", Redaction.DEFAULT, f);
        assertThat(f.hits()).containsExactly(new Findings.Hit("credit-card", "body:n\u00e9", 1),
                new Findings.Hit("credit-card", "body:card", 1));
        assertThat(edits).extracting(dev.portcullis.policy.BodyEdit::start).containsExactly(12, 50);
        assertThat(new String(dev.portcullis.policy.BodyEdit.apply(utf8(form), edits), StandardCharsets.UTF_8))
                .isEqualTo("a=1&n%C3%A9=%5BREDACTED%3Acredit-card%5D&c%2B=x&card=%5BREDACTED%3Acredit-card%5D&z=%ZZ&last=ok");
        assertThat(scanner.query("q=1&ssn=123-45-6789", Redaction.DEFAULT, new Findings())).isEqualTo("q=1&ssn=%5BREDACTED%3Aus-ssn%5D");
    }
}
