package dev.portcullis.policy;

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

    /** Records what a data-protection scan found for the audit record's dlp list (never the value itself). */
    default void recordFinding(String detector, String location, int count, String action) {
    }

    /** The audit record shows this value for the header (e.g. with what DLP found redacted). */
    default void auditHeader(String name, String shownValue) {
    }
}
