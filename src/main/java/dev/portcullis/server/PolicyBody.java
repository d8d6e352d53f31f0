package dev.portcullis.server;

import dev.portcullis.policy.BodyEdit;
import java.util.List;

/**
 * A held body as the policies see it and change it. The first change, when it is an edit of the body
 * as it came, is kept as edits: the server can then send the unchanged bytes from the buffers they
 * arrived in ({@link EditedBody}). Any other change is made on a copy. Shared by the request and the
 * response views.
 */
final class PolicyBody {
    private final int arrivedLength;
    private byte[] bytes; // as it came, or as last replaced
    private List<BodyEdit> edits; // not yet made on bytes (null: none)
    private byte[] edited; // bytes with the edits made, once a policy asked for it
    private boolean changed;

    PolicyBody(byte[] arrived) {
        this.bytes = arrived;
        this.arrivedLength = arrived.length;
    }

    /** The body now (read-only by contract: the same array for every policy). */
    byte[] bytes() {
        if (edits != null && edited == null) {
            edited = BodyEdit.apply(bytes, edits); // a later policy reads the edited body: made once, when asked
        }
        return edits != null ? edited : bytes;
    }

    /** Its length now. */
    long length() { return edits == null ? bytes.length : BodyEdit.editedLength(bytes.length, edits); }

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
}
