package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.policy.BodyEdit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
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

    /**
     * A body held in the buffer it arrived in: looked at where it lies, made an array only when asked, and
     * still readable after the writer gave its own reference back, until the call is over.
     */
    @Test
    void aBodyHeldInItsBufferIsCopiedOnlyWhenAskedAndKeptUntilReleased() {
        ByteBuf arrived = Unpooled.directBuffer(64).writeBytes(b("card 4111111111111111 ok"));
        PolicyBody body = new PolicyBody(arrived);
        ByteBuffer view = body.buffers().get(0);
        assertThat(view.isReadOnly()).isTrue();
        assertThat(view.isDirect()).as("the buffer's own memory, not a copy").isTrue();
        assertThat(StandardCharsets.US_ASCII.decode(view.duplicate()).toString()).isEqualTo("card 4111111111111111 ok");
        arrived.release(); // the writer sent it and gave its reference back
        assertThat(arrived.refCnt()).as("the body's own reference").isEqualTo(1);
        assertThat(s(body.bytes())).isEqualTo("card 4111111111111111 ok");
        assertThat(body.buffers()).singleElement().satisfies(b -> assertThat(b.isDirect()).as("once copied, the copy is read").isFalse());
        body.release();
        assertThat(arrived.refCnt()).isZero();
        assertThat(s(body.bytes())).as("the copy outlives the buffer").isEqualTo("card 4111111111111111 ok");
        body.release(); // twice is harmless (two ways a call can end)
    }

    /** A body that arrived in two reads is looked at as those two buffers, in order: no copy to join them. */
    @Test
    void aBodyInSeveralPiecesIsLookedAtPieceByPiece() {
        CompositeByteBuf arrived = Unpooled.compositeBuffer();
        arrived.addComponent(true, Unpooled.directBuffer(16).writeBytes(b("card 4111")));
        arrived.addComponent(true, Unpooled.directBuffer(16).writeBytes(b("111111111111 ok")));
        PolicyBody body = new PolicyBody(arrived);
        List<ByteBuffer> pieces = body.buffers();
        assertThat(pieces).hasSize(2).allMatch(ByteBuffer::isDirect).allMatch(ByteBuffer::isReadOnly);
        assertThat(StandardCharsets.US_ASCII.decode(pieces.get(0)) + "" + StandardCharsets.US_ASCII.decode(pieces.get(1)))
                .isEqualTo("card 4111111111111111 ok");
        body.release();
        arrived.release();
        assertThat(arrived.refCnt()).isZero();
    }

    @Test
    void aBodyNeverCopiedCannotBeReadAfterItsCallEnded() {
        ByteBuf arrived = Unpooled.directBuffer(8).writeBytes(b("abc"));
        PolicyBody body = new PolicyBody(arrived);
        arrived.release();
        body.release();
        assertThatThrownBy(body::bytes).isInstanceOf(IllegalStateException.class).hasMessageContaining("after its call ended");
    }

    @Test
    void editsOfABodyHeldInItsBufferAreReadAsTheEditedBody() {
        ByteBuf arrived = Unpooled.directBuffer(64).writeBytes(b("card 4111111111111111 ok"));
        PolicyBody body = new PolicyBody(arrived);
        body.edit(List.of(new BodyEdit(5, 21, b("[R]"))));
        assertThat(body.length()).isEqualTo("card [R] ok".length());
        assertThat(StandardCharsets.US_ASCII.decode(body.buffers().get(0)).toString()).isEqualTo("card [R] ok");
        body.release();
        arrived.release();
    }
}
