package dev.portcullis.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile and random input never makes the scanner throw (a throwing policy would fail the call), every
 * finding lies inside its text, and redacting well-formed JSON always gives well-formed JSON.
 */
class DlpRobustnessTest {
    static final DlpScanner SCANNER = new DlpScanner(new TextScanner(Detector.defaults(),
            List.of(new CustomDetector("ref", Pattern.compile("REF-[0-9]{4,}"), List.of(), CustomDetector.Checksum.LUHN))), true);
    static final String[] TYPES = {"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
        "multipart/form-data", "text/plain", null};
    static final String ALPHABET = "0123456789 -+@._/=&%\"{}[],:\\\r\nAKIASeyJghp_xoxb-sk_live_BEGIN PRIVATE KEY-----";

    @Test
    void randomInputNeverThrowsAndFindingsStayInBounds() {
        Random r = new Random(7);
        TextScanner text = new TextScanner(Detector.defaults(), List.of());
        for (int i = 0; i < 3000; i++) {
            byte[] body = new byte[r.nextInt(300)];
            if (i % 2 == 0) {
                r.nextBytes(body);
            } else {
                for (int j = 0; j < body.length; j++) {
                    body[j] = (byte) ALPHABET.charAt(r.nextInt(ALPHABET.length()));
                }
            }
            for (String type : TYPES) {
                assertThatCode(() -> SCANNER.body(body, type, Redaction.DEFAULT, new Findings())).as("body %s", type)
                        .doesNotThrowAnyException();
            }
            String s = new String(body, StandardCharsets.ISO_8859_1);
            assertThatCode(() -> SCANNER.query(s, Redaction.DEFAULT, new Findings())).doesNotThrowAnyException();
            for (Finding f : text.scan(s)) {
                assertThat(f.start()).isBetween(0, f.end() - 1);
                assertThat(f.end()).isLessThanOrEqualTo(s.length());
            }
        }
    }

    @Test
    void redactedJsonIsAlwaysJson() throws Exception {
        Random r = new Random(11);
        ObjectMapper m = new ObjectMapper();
        String[] values = {"4111 1111 1111 1111", "123-45-6789", "jane@example.com", "+1 415 555 2671", "plain", "caf\u00e9 \u2603",
            "quote \" and \\\\ backslash", "AKIAIOSFODNN7EXAMPLE", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"};
        for (int i = 0; i < 500; i++) {
            StringBuilder doc = new StringBuilder("{");
            int n = 1 + r.nextInt(6);
            for (int k = 0; k < n; k++) {
                doc.append(k == 0 ? "" : ",").append('"').append(k == 2 ? "api_key" : "f" + k).append("\":");
                if (r.nextBoolean()) {
                    doc.append('[').append(m.writeValueAsString(values[r.nextInt(values.length)])).append(",4111111111111111]");
                } else {
                    doc.append(m.writeValueAsString(values[r.nextInt(values.length)]));
                }
            }
            doc.append('}');
            byte[] out = SCANNER.body(doc.toString().getBytes(StandardCharsets.UTF_8), "application/json", Redaction.DEFAULT,
                    new Findings());
            byte[] result = out == null ? doc.toString().getBytes(StandardCharsets.UTF_8) : out;
            assertThatCode(() -> m.readTree(result)).as(new String(result, StandardCharsets.UTF_8)).doesNotThrowAnyException();
            assertThat(new String(result, StandardCharsets.UTF_8)).doesNotContain("4111").doesNotContain("123-45-6789")
                    .doesNotContain("jane@example.com").doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void utf16JsonIsScannedAndRedactedToo() throws Exception {
        String doc = "{\"card\":\"4111 1111 1111 1111\",\"n\":\"caf\u00e9\"}";
        Findings f = new Findings();
        byte[] out = SCANNER.body(doc.getBytes(StandardCharsets.UTF_16BE), "application/json", Redaction.DEFAULT, f);
        assertThat(f.hits()).extracting(Findings.Hit::location).containsExactly("body:$.card");
        assertThat(new ObjectMapper().readTree(out).path("card").asText()).isEqualTo("[REDACTED:credit-card]");
        assertThat(new ObjectMapper().readTree(out).path("n").asText()).isEqualTo("caf\u00e9");
    }

    @Test
    void findingsAreCappedPerScanWithTheRestCountedTogether() {
        StringBuilder doc = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            doc.append(i == 0 ? "" : ",").append("\"4111111111111111\"");
        }
        Findings f = new Findings();
        SCANNER.body(doc.append(']').toString().getBytes(StandardCharsets.UTF_8), "application/json", null, f);
        assertThat(f.total()).isEqualTo(200);
        assertThat(f.hits()).hasSize(Findings.MAX_LOCATIONS + 1);
        assertThat(f.hits().get(Findings.MAX_LOCATIONS)).isEqualTo(new Findings.Hit("credit-card", "body", 200 - Findings.MAX_LOCATIONS));
    }
}
