package dev.portcullis.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The audit record's headers: lower-case names in order, repeats joined, masked values, DLP's shown values. */
class AuditHeadersTest {
    @Test
    void namesAreLowerCasedAndRepeatsJoinedInTheOrderFirstSeen() {
        AuditHeaders h = new AuditHeaders.Builder(Set.of())
                .add("Host", "gw:8080").add("X-Trace-Tag", "a").add("Accept", "text/plain").add("x-trace-tag", "b").build();
        assertThat(h.asMap()).containsExactly(Map.entry("host", "gw:8080"), Map.entry("x-trace-tag", "a, b"),
                Map.entry("accept", "text/plain"));
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.get("x-trace-tag")).isEqualTo("a, b");
        assertThat(h.get("X-Trace-Tag")).isNull(); // names are looked up as stored: lower case
    }

    @Test
    void commonNamesAreSharedStringsAndOthersLowerCased() {
        AuditHeaders h = new AuditHeaders.Builder(Set.of()).add(new StringBuilder("Content-TYPE"), "a/b")
                .add("Content-Typo", "x").add("HOSTS", "y").build();
        assertThat(h.name(0)).isSameAs(AuditHeaders.lowerCase("content-type")).isEqualTo("content-type");
        assertThat(h.name(1)).isEqualTo("content-typo");
        assertThat(h.name(2)).isEqualTo("hosts");
    }

    @Test
    void maskedNamesShowStarsWhateverTheirCaseAndRepeats() {
        AuditHeaders h = new AuditHeaders.Builder(Set.of("authorization", "x-api-key"))
                .add("Authorization", "Bearer secret").add("X-Api-Key", "k1").add("x-api-key", "k2").add("Accept", "*/*").build();
        assertThat(h.asMap()).containsExactly(Map.entry("authorization", "***"), Map.entry("x-api-key", "***, ***"),
                Map.entry("accept", "*/*"));
        assertThat(h.toString()).doesNotContain("secret", "k1", "k2");
    }

    @Test
    void shownValuesReplaceOnlyHeadersThatAreThereAndNotMasked() {
        AuditHeaders h = new AuditHeaders.Builder(Set.of("authorization"))
                .add("Authorization", "Bearer 4111111111111111").add("X-Card", "4111111111111111").build();
        AuditHeaders shown = h.showing(Map.of("x-card", "[REDACTED:credit-card]", "authorization", "[REDACTED:credit-card]",
                "x-absent", "v"));
        assertThat(shown.asMap()).containsExactly(Map.entry("authorization", "***"), Map.entry("x-card", "[REDACTED:credit-card]"));
        assertThat(h.get("x-card")).isEqualTo("4111111111111111"); // immutable: the original is unchanged
    }

    @Test
    void manyHeadersGrowTheBuilder() {
        AuditHeaders.Builder b = new AuditHeaders.Builder(Set.of());
        for (int i = 0; i < 40; i++) {
            b.add("X-H" + i, "v" + i);
        }
        AuditHeaders h = b.build();
        assertThat(h.size()).isEqualTo(40);
        assertThat(h.name(39)).isEqualTo("x-h39");
        assertThat(h.value(39)).isEqualTo("v39");
        assertThat(new AuditHeaders.Builder(Set.of()).build()).isSameAs(AuditHeaders.NONE);
    }
}
