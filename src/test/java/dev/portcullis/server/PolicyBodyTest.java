package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.policy.BodyEdit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes to a held body stay edits over the bytes as they came, and what the policies read after each. */
class PolicyBodyTest {
    static byte[] b(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    static String s(byte[] b) { return new String(b, StandardCharsets.US_ASCII); }

    @Test
    void theFirstEditStaysEditsAndLaterPoliciesReadTheEditedBody() {
        PolicyBody body = new PolicyBody(b("card 4111111111111111 ok"));
        body.edit(List.of(new BodyEdit(5, 21, b("[R]"))));
        assertThat(body.edits()).hasSize(1);
        assertThat(body.length()).isEqualTo("card [R] ok".length());
        assertThat(s(body.bytes())).isEqualTo("card [R] ok");
        assertThat(body.bytes()).as("made once").isSameAs(body.bytes());
        assertThat(body.arrivedLength()).isEqualTo(24);
    }

    @Test
    void aSecondEditIsMadeOnACopyOfTheEditedBody() {
        PolicyBody body = new PolicyBody(b("card 4111111111111111 ssn 123-45-6789"));
        body.edit(List.of(new BodyEdit(5, 21, b("[R]"))));
        body.edit(List.of(new BodyEdit(13, 24, b("[S]")))); // positions in the edited body
        assertThat(body.edits()).as("no longer edits of the body as it came").isNull();
        assertThat(s(body.bytes())).isEqualTo("card [R] ssn [S]");
        assertThat(body.length()).isEqualTo(body.bytes().length);
    }

    @Test
    void anEditAfterAReplacementIsMadeOnACopy() {
        PolicyBody body = new PolicyBody(b("original"));
        body.replace(b("new body"));
        body.edit(List.of(new BodyEdit(0, 3, b("old"))));
        assertThat(body.edits()).isNull();
        assertThat(s(body.bytes())).isEqualTo("old body");
    }
}
