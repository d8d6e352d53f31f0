package dev.portcullis.server;

import dev.portcullis.policy.BodyEdit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * A held body with a policy's edits made, as one buffer to send: the unchanged ranges are slices of the
 * buffers the client's bytes arrived in, only the replacements are new. Redacting one card in 16 KiB
 * then costs a few dozen bytes, not a copy of the body (and no heap copy for the socket to copy again).
 */
final class EditedBody {
    private EditedBody() {}

    /**
     * What to send of a body the policies changed: its edits over the buffer it arrived in, when that is
     * what changed it, else its new bytes. arrived (may be null) is not released here.
     */
    static ByteBuf toSend(ByteBufAllocator alloc, PolicyBody body, ByteBuf arrived) {
        List<BodyEdit> edits = body.edits();
        return edits != null && arrived != null && arrived.readableBytes() == body.arrivedLength()
                ? of(alloc, arrived, edits) : Unpooled.wrappedBuffer(body.bytes());
    }

    /** original (not released here: the slices hold their own references) with the edits made. */
    static ByteBuf of(ByteBufAllocator alloc, ByteBuf original, List<BodyEdit> edits) {
        CompositeByteBuf out = alloc.compositeDirectBuffer(edits.size() * 2 + 1); // never consolidated (copied)
        int base = original.readerIndex();
        int from = 0;
        for (BodyEdit e : edits) {
            keep(out, original, base + from, e.start() - from);
            if (e.bytes().length > 0) {
                out.addComponent(true, alloc.directBuffer(e.bytes().length).writeBytes(e.bytes()));
            }
            from = e.end();
        }
        keep(out, original, base + from, original.readableBytes() - from);
        return out;
    }

    private static void keep(CompositeByteBuf out, ByteBuf original, int index, int length) {
        if (length > 0) {
            out.addComponent(true, original.retainedSlice(index, length));
        }
    }
}
