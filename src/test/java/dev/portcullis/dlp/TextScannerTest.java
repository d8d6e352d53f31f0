package dev.portcullis.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextScannerTest {
    private static final TextScanner ALL = new TextScanner(Detector.defaults(), List.of());

    private static List<String> found(String text) {
        return ALL.scan(text).stream().map(f -> f.detector() + "=" + text.substring(f.start(), f.end())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "card 4111111111111111 ok|credit-card=4111111111111111",
        "card: 4111 1111 1111 1111.|credit-card=4111 1111 1111 1111",
        "x=5500-0000-0000-0004&y|credit-card=5500-0000-0000-0004",
        "amex 378282246310005|credit-card=378282246310005",
        "card 4111111111111111 2024|credit-card=4111111111111111",
        "ssn 123-45-6789 on file|us-ssn=123-45-6789",
        "SSN: 123456789|us-ssn=123456789",
        "pay to DE89 3704 0044 0532 0130 00 today|iban=DE89 3704 0044 0532 0130 00",
        "GB82WEST12345698765432|iban=GB82WEST12345698765432",
        "mail jane.doe+x@example.co.uk now|email=jane.doe+x@example.co.uk",
        "call +1 (415) 555-2671|phone=+1 (415) 555-2671",
        "tel:+442079460958|phone=+442079460958",
        "key AKIAIOSFODNN7EXAMPLE|aws-access-key=AKIAIOSFODNN7EXAMPLE",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a x|github-token=ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx|slack-token=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc0000|stripe-secret-key=sk_live_4eC39HqLyjWDarjtT1zdp7dc0000",
        "api_key=Zx81kQp0vR4sT7uW2yB5nM9c|generic-api-key=Zx81kQp0vR4sT7uW2yB5nM9c",
    })
    void finds(String text, String expected) {
        assertThat(found(text)).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "card 4111111111111112",                      // Luhn fails
        "order 1234567812345678",                     // no issuer, Luhn fails
        "id 41111111111111111111",                    // too long for a card
        "ssn 666-12-3456",                            // area 666
        "ssn 123-00-6789",                            // group 00
        "phone 123456789",                            // bare 9 digits without an SSN word
        "DE89 3704 0044 0532 0130 01",                // mod-97 fails
        "not an email: a@b",                          // no TLD
        "2024-01-01T10:00:00+01:00",                  // a timezone is not a phone
        "token=550e8400-e29b-41d4-a716-446655440000", // a UUID
        "api_key=aaaaaaaaaaaaaaaaaaaaaaaa",           // no entropy
        "description=internationalization_framework", // no digits
        "AKIAIOSFODNN7EXAMPLEX",                      // too long for a key id
        "eyJhbGciOi.not.a.jwt",                       // header does not decode to JSON
    })
    void ignores(String text) {
        assertThat(found(text)).isEmpty();
    }

    @Test
    void awsSecretKeyNeedsItsKeyIdOrAnAwsWordNearby() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThat(found("id AKIAIOSFODNN7EXAMPLE and " + secret))
                .containsExactly("aws-access-key=AKIAIOSFODNN7EXAMPLE", "aws-secret-key=" + secret);
        assertThat(found("aws_secret_access_key = " + secret)).containsExactly("aws-secret-key=" + secret);
        assertThat(found("just a value " + secret)).isEmpty();
        List<Finding> out = new java.util.ArrayList<>();
        ALL.scan(secret, "AwsSecretAccessKey", new TextScanner.ScanState(), out);
        assertThat(out).extracting(Finding::detector).containsExactly("aws-secret-key");
    }

    @Test
    void privateKeyBlockIsOneFindingEvenWithEscapedNewlines() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7bq\\n-----END RSA PRIVATE KEY-----";
        assertThat(found("{\"k\":\"" + pem + "\"}")).containsExactly("private-key=" + pem);
        assertThat(found("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----")).isEmpty();
    }

    @Test
    void jwtWithAJsonHeader() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assertThat(found("Bearer " + jwt)).containsExactly("jwt=" + jwt);
    }

    @Test
    void genericKeyUsesTheFieldNameAsContext() {
        List<Finding> out = new java.util.ArrayList<>();
        ALL.scan("Zx81kQp0vR4sT7uW2yB5nM9c", "client_secret", new TextScanner.ScanState(), out);
        assertThat(out).extracting(Finding::detector).containsExactly("generic-api-key");
        out.clear();
        ALL.scan("Zx81kQp0vR4sT7uW2yB5nM9c", "order_ref", new TextScanner.ScanState(), out);
        assertThat(out).isEmpty();
    }

    @Test
    void onlyTheChosenDetectorsRun() {
        TextScanner cardsOnly = new TextScanner(java.util.EnumSet.of(Detector.CREDIT_CARD), List.of());
        assertThat(cardsOnly.scan("4111111111111111 jane@example.com 123-45-6789")).extracting(Finding::detector)
                .containsExactly("credit-card");
    }

    @Test
    void customDetectorsWithKeywordsAndChecksums() {
        var employee = new CustomDetector("employee-id", Pattern.compile("EMP-[0-9]{6}"), List.of("employee"),
                CustomDetector.Checksum.NONE);
        var account = new CustomDetector("account", Pattern.compile("[0-9]{11}"), List.of(), CustomDetector.Checksum.LUHN);
        TextScanner s = new TextScanner(java.util.EnumSet.noneOf(Detector.class), List.of(employee, account));
        assertThat(s.scan("Employee number EMP-123456")).extracting(Finding::detector).containsExactly("employee-id");
        assertThat(s.scan("ticket EMP-123456")).isEmpty();
        assertThat(s.scan("acct 79927398713 and 79927398710")).extracting(Finding::start).containsExactly(5);
    }

    /** The literal every match contains, told only when it is sure: a wrong one would hide findings. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = ';', nullValues = "none", value = {
        "EMP-[0-9]{6};EMP-", "^REF-[0-9]{4,};REF-", "ACCT\\.\\-\\d+;ACCT.-", "abcd+x;abcd", "abcde?;abcd",
        "abcd*;abc", "abcd{2};abc", "ORD(\\d+);ORD", "ab[0-9];none", "a.bcd;none", "EMP-1|XYZ-2;none",
        "(?i)EMP-[0-9]+;none", "\\bEMP-\\d+;none", "\\x45MP-\\d+;none", "\\QEMP-\\E\\d+;none", "caf\u00e9-\\d+;caf",
        "EMP -\\d;EMP", "[0-9]{11};none"})
    void aCustomPatternsRequiredLiteralIsToldOnlyWhenSure(String pattern, String literal) {
        var d = new CustomDetector("x", Pattern.compile(pattern), List.of(), CustomDetector.Checksum.NONE);
        assertThat(d.requiredLiteral()).isEqualTo(literal);
    }

    @Test
    void redactionKeepsTheRestAndCanKeepLastDigits() {
        String text = "card 4111 1111 1111 1111 and mail a.b@example.com";
        List<Finding> f = ALL.scan(text);
        assertThat(Redaction.DEFAULT.apply(text, f))
                .isEqualTo("card [REDACTED:credit-card] and mail [REDACTED:email]");
        assertThat(new Redaction(Redaction.DEFAULT_REPLACEMENT, 4).apply(text, f))
                .isEqualTo("card ***************1111 and mail ***********.com");
    }

    @Test
    void redactionSplicedIntoBytesEqualsRedactionOfTheText() {
        // bytes >= 0x80 around the findings: a body scanned as ISO-8859-1 must come back byte for byte
        String text = "caf\u00e9 card 4111 1111 1111 1111, \u00ff mail a.b@example.com \u00e9nd";
        byte[] body = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Finding> f = ALL.scan(text);
        assertThat(f).hasSize(2);
        for (Redaction r : List.of(Redaction.DEFAULT, new Redaction("<{detector} gone>", 0),
                new Redaction(Redaction.DEFAULT_REPLACEMENT, 4))) {
            assertThat(dev.portcullis.policy.BodyEdit.apply(body, r.edits(body, 0, f))).isEqualTo(r.apply(text, f).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertThat(Redaction.DEFAULT.edits(body, 0, List.of())).isEmpty();
    }

    @Test
    void positionsAreCharPositionsPastSurrogatePairs() {
        String text = "\uD83D\uDE00\uD83D\uDE00 card 4111 1111 1111 1111 \uD800";
        List<Finding> f = ALL.scan(text);
        assertThat(f).hasSize(1);
        assertThat(text.substring(f.get(0).start(), f.get(0).end())).isEqualTo("4111 1111 1111 1111");
    }
}
