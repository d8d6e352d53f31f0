package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.policy.BodyEdit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A held body sent with a policy's edits: the same bytes as the edited array, from slices of the original buffers. */
class EditedBodyTest {
    static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** The body as it arrives: several direct buffers, as socket reads leave it. */
    static CompositeByteBuf arrived(byte[] body, int pieces, Random r) {
        CompositeByteBuf held = ALLOC.compositeDirectBuffer(Integer.MAX_VALUE);
        int at = 0;
        for (int i = 0; i < pieces && at < body.length; i++) {
            int n = i == pieces - 1 ? body.length - at : Math.min(body.length - at, 1 + r.nextInt(body.length / pieces + 1));
            held.addComponent(true, ALLOC.directBuffer(n).writeBytes(body, at, n));
            at += n;
        }
        if (at < body.length) {
            held.addComponent(true, ALLOC.directBuffer(body.length - at).writeBytes(body, at, body.length - at));
        }
        return held;
    }

    @Test
    void editsAtTheEdgesAndAcrossReadsGiveTheEditedBytes() {
        byte[] body = "{\"card\": \"4111111111111111\", \"n\": 4111111111111111}".getBytes(StandardCharsets.US_ASCII);
        List<BodyEdit> edits = List.of(new BodyEdit(0, 0, "X".getBytes(StandardCharsets.US_ASCII)),
                new BodyEdit(10, 26, "[REDACTED]".getBytes(StandardCharsets.US_ASCII)),
                new BodyEdit(34, 34, new byte[] {'"'}), new BodyEdit(34, 50, "[R]".getBytes(StandardCharsets.US_ASCII)),
                new BodyEdit(50, 50, new byte[] {'"'}), new BodyEdit(51, 51, "Y".getBytes(StandardCharsets.US_ASCII)));
        CompositeByteBuf original = arrived(body, 4, new Random(1));
        ByteBuf out = EditedBody.of(ALLOC, original, edits);
        assertThat(new String(ByteBufUtil.getBytes(out), StandardCharsets.US_ASCII))
                .isEqualTo("X{\"card\": \"[REDACTED]\", \"n\": \"[R]\"}Y")
                .isEqualTo(new String(BodyEdit.apply(body, edits), StandardCharsets.US_ASCII));
        assertThat(out.isDirect()).as("written to the socket without another copy").isTrue();
        original.release();
        assertThat(original.refCnt()).as("the slices keep the client's buffers").isPositive();
        out.release();
        assertThat(original.refCnt()).as("and give them back with the edited body").isZero();
    }

    @Test
    void randomEditsMatchTheArrayEdit() {
        Random r = new Random(42);
        for (int round = 0; round < 500; round++) {
            byte[] body = new byte[1 + r.nextInt(300)];
            r.nextBytes(body);
            List<BodyEdit> edits = new ArrayList<>();
            int at = 0;
            while (at <= body.length && r.nextInt(4) != 0) {
                int start = at + r.nextInt(body.length - at + 1);
                int end = start + r.nextInt(body.length - start + 1);
                byte[] with = new byte[r.nextInt(5)];
                r.nextBytes(with);
                edits.add(new BodyEdit(start, end, with));
                at = end == start ? end + 1 : end;
            }
            CompositeByteBuf original = arrived(body, 1 + r.nextInt(5), r);
            ByteBuf out = EditedBody.of(ALLOC, original, edits);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(BodyEdit.apply(body, edits));
            original.release();
            out.release();
            assertThat(original.refCnt()).isZero();
        }
    }
}
