package dev.portcullis.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Public test values only: the card networks' documented test numbers, example IBANs, invalid-by-rule SSNs. */
class ValidatorsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "4111111111111111, true", "4111 1111 1111 1111, true", "4111-1111-1111-1111, true", "4012888888881881, true",
        "5555555555554444, true", "5105105105105100, true", "2223003122003222, true", "378282246310005, true",
        "371449635398431, true", "6011111111111117, true", "3530111333300000, true", "30569309025904, true",
        "6200000000000005, true",
        "4111111111111112, false",   // Luhn fails
        "1234567812345670, false",   // Luhn passes, no issuer
        "411111111111, false",       // too short
        "4111x1111x1111x1111, false",
        "3782822463100050, false",   // Amex prefix, wrong length
    })
    void creditCards(String number, boolean valid) {
        assertThat(Validators.creditCard(number)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "123-45-6789, true", "123456789, true", "078-05-1121, true",
        "000-12-3456, false", "666-12-3456, false", "900-12-3456, false", "123-00-4567, false", "123-45-0000, false",
        "12-345-678, false", "1234567890, false",
    })
    void ssns(String ssn, boolean valid) {
        assertThat(Validators.usSsn(ssn)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "GB82WEST12345698765432, true", "GB82 WEST 1234 5698 7654 32, true", "DE89370400440532013000, true",
        "FR1420041010050500013M02606, true", "NL91ABNA0417164300, true", "CH9300762011623852957, true",
        "NO9386011117947, true", "MT84MALT011000012345MTLCAST001S, true",
        "GB82WEST12345698765431, false",  // check digits wrong
        "DE8937040044053201300, false",   // length wrong for DE
        "XX82WEST12345698765432, false",  // unknown country
        "GB82WEST1234569876543!, false",
    })
    void ibans(String iban, boolean valid) {
        assertThat(Validators.iban(iban)).isEqualTo(valid);
    }

    @Test
    void jwtsNeedThreePartsAndAJsonHeaderWithAlg() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assertThat(Validators.jwt(jwt)).isTrue();
        assertThat(Validators.jwt("a.b.c")).isFalse();
        assertThat(Validators.jwt("eyJhbGciOiJIUzI1NiJ9.payload")).isFalse();
        assertThat(Validators.jwt("version.1.2")).isFalse();
    }

    @Test
    void entropySeparatesKeysFromWords() {
        assertThat(Validators.entropy("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")).isGreaterThan(4.5);
        assertThat(Validators.entropy("passwordpassword")).isLessThan(3.1);
        assertThat(Validators.entropy("")).isZero();
    }

    @Test
    void mod97OfTheStandardExample() {
        assertThat(Validators.mod97("3214282912345698765432161182")).isEqualTo(1); // GB82WEST... rearranged, letters as numbers
    }
}
