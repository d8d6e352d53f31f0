package dev.portcullis.policy;

/** The upstream's response as the response phase sees it: what will be returned to the caller. */
public interface ResponseView {
    int status();

    MutableHeaders headers();

    RequestView request();

    /** The whole response body, when a policy on the route declared it needs it; else null. Read-only (see replaceBody). */
    default byte[] body() {
        return null;
    }

    /** True when a policy asked for the body but it was too large and streams on unseen (body() is null). */
    default boolean bodyUnseen() {
        return false;
    }

    /** Replaces the body returned to the caller (only when it was held); Content-Length follows. The array is taken over. */
    default void replaceBody(byte[] body) {
        throw new UnsupportedOperationException("this response's body is not held and cannot be replaced");
    }

    /** Records a finding in the response for the audit record's dlp list (with direction "response"). */
    default void recordFinding(String detector, String location, int count, String action) {
    }

    /** The audit record shows this value for the response header (e.g. with what DLP found redacted). */
    default void auditHeader(String name, String shownValue) {
    }
}
