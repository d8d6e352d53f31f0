package dev.portcullis.server;

import dev.portcullis.policy.BodyEdit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A held body as the policies see it and change it. The first change, when it is an edit of the body
 * as it came, is kept as edits: the server can then send the unchanged bytes from the buffers they
 * arrived in ({@link EditedBody}). Any other change is made on a copy. Shared by the request and the
 * response views.
 *
 * <p>A body held in the buffer it arrived in is copied into an array only when a policy asks for one:
 * a policy that can decide from a look at the bytes where they lie ({@link #buffer()}, e.g. a dlp scan
 * that finds nothing) costs no copy (16 KiB zeroed, copied and collected per call).
 */
final class PolicyBody {
    private final int arrivedLength;
    private ByteBuf arrived; // the bytes as they came, a reference of this body's own (null: given as an array, or released)
    private byte[] bytes; // as it came (once copied), or as last replaced
    private List<BodyEdit> edits; // not yet made on bytes (null: none)
    private byte[] edited; // bytes with the edits made, once a policy asked for it
    private boolean changed;

    PolicyBody(byte[] arrived) {
        this.bytes = arrived;
        this.arrivedLength = arrived.length;
    }

    /** The readable bytes of arrived, which is not released here (this body keeps a reference of its own until {@link #release}). */
    PolicyBody(ByteBuf arrived) {
        this.arrived = arrived.retainedDuplicate();
        this.arrivedLength = arrived.readableBytes();
    }

    /** The body now (read-only by contract: the same array for every policy). */
    byte[] bytes() {
        if (bytes == null) {
            if (arrived == null) {
                throw new IllegalStateException("a held body was read after its call ended");
            }
            bytes = ByteBufUtil.getBytes(arrived, arrived.readerIndex(), arrivedLength);
        }
        if (edits != null && edited == null) {
            edited = BodyEdit.apply(bytes, edits); // a later policy reads the edited body: made once, when asked
        }
        return edits != null ? edited : bytes;
    }

    /** The body now, as read-only buffers in order: the pieces it arrived in (no copy) while it is as it arrived. */
    List<ByteBuffer> buffers() {
        if (changed || bytes != null) {
            return List.of(ByteBuffer.wrap(bytes()).asReadOnlyBuffer());
        }
        ByteBuffer[] pieces = arrived.nioBuffers(arrived.readerIndex(), arrivedLength);
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = pieces[i].asReadOnlyBuffer();
        }
        return List.of(pieces);
    }

    /** Its length now. */
    long length() { return edits == null ? (bytes == null ? arrivedLength : bytes.length) : BodyEdit.editedLength(arrivedLength, edits); }

    /** A policy's edits: kept as they are on the body as it came, else made on a copy. */
    void edit(List<BodyEdit> newEdits) {
        if (changed) {
            replace(BodyEdit.apply(bytes(), newEdits));
            return;
        }
        edits = List.copyOf(newEdits);
        changed = true;
    }

    /** A policy's new body (taken over, not copied). */
    void replace(byte[] with) {
        bytes = with;
        edits = null;
        edited = null;
        changed = true;
    }

    /** The edits that make the body now from the body as it came (arrivedLength bytes), or null when it is not that. */
    List<BodyEdit> edits() { return edits; }

    int arrivedLength() { return arrivedLength; }

    /** The call is over: the buffer the body arrived in is given back (an array made of it stays readable). */
    void release() {
        if (arrived != null) {
            arrived.release();
            arrived = null;
        }
    }
}
