package dev.portcullis.policy;

import java.nio.ByteBuffer;
import java.util.List;

/** What a request and a response have in common for a policy: headers, a body that may be held, audit notes. */
public interface MessageView {
    MutableHeaders headers();

    /**
     * The whole body, when a policy on the route declared {@link Policy#bodyAccess()} for it (else null:
     * the body streams and no policy sees it). Read-only: the same array for every policy, not a copy
     * (16 KiB copies per policy per call add up); to change the body use {@link #replaceBody}.
     */
    default byte[] body() {
        return null;
    }

    /**
     * The same body as {@link #body()} (null when that is null), where the gateway holds it: read-only
     * buffers whose remaining bytes, in order, are the body (the pieces it arrived in). No copy while it is
     * as it arrived, which {@link #body()} may have to make: for a policy that can often decide from a
     * look at the bytes (a dlp scan that finds nothing) and then needs no array. Valid during the
     * policy's call only.
     */
    default List<ByteBuffer> bodyBuffers() {
        byte[] body = body();
        return body == null ? null : List.of(ByteBuffer.wrap(body).asReadOnlyBuffer());
    }

    /**
     * True when a policy asked for the body but it was larger than the bound and passed on unseen (see
     * {@link BodyAccess#passUnseen()}); body() is then null.
     */
    default boolean bodyUnseen() {
        return false;
    }

    /**
     * Replaces the body sent on (only when it was held: body() != null); Content-Length follows. The array
     * is taken over, not copied: do not change it afterwards.
     */
    default void replaceBody(byte[] body) {
        throw new UnsupportedOperationException("this body is not held and cannot be replaced");
    }

    /**
     * Changes byte ranges of the held body (edits in order, not overlapping, positions in {@link #body()});
     * Content-Length follows. The same as replaceBody with the edited array, but the gateway may send the
     * unchanged bytes on from where they are, without a copy of the body (redacting one card in 16 KiB).
     */
    default void editBody(List<BodyEdit> edits) {
        byte[] held = body();
        if (held == null) {
            throw new UnsupportedOperationException("this body is not held and cannot be edited");
        }
        replaceBody(BodyEdit.apply(held, edits));
    }

    /** Records what a data-protection scan found for the audit record's dlp list (never the value itself). */
    default void recordFinding(String detector, String location, int count, String action) {
    }

    /** The audit record shows this value for the header (e.g. with what DLP found redacted). */
    default void auditHeader(String name, String shownValue) {
    }
}
