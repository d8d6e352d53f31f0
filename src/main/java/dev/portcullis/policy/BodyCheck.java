package dev.portcullis.policy;

import java.nio.ByteBuffer;

/**
 * A check run over a body while it streams past, piece by piece, never holding it: a hostile payload is
 * refused at the byte where it crosses a limit, not after it was read whole. One instance per call,
 * used on that call's event loop only.
 */
public interface BodyCheck {
    /** The next piece of the body (read it, do not keep it); a denial refuses the call. */
    Verdict.Deny content(ByteBuffer piece);

    /** The body ended; a denial refuses the call (e.g. a document cut short). */
    Verdict.Deny end();
}
