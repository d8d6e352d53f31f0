package dev.portcullis.policy;

/** The outbound request as the request phase sees it: what will be sent upstream. */
public interface RequestView {
    String method();

    /** The upstream path (after the route's prefix was replaced), without the query. */
    String path();

    /** The raw query string without '?', or null. */
    String query();

    /** The shared store could not be reached for this call (the audit record says storeFailure: true). */
    default void markStoreFailure() {
    }

    /** Which attempt this is: 1, then 2, 3, ... when a policy had the request sent again. */
    default int attempt() {
        return 1;
    }

    /** Replaces the query string sent upstream (raw, already percent-encoded; null for none). */
    default void setQuery(String query) {
        throw new UnsupportedOperationException("this request's query cannot be changed");
    }

    /** The upstream host name (or IP literal) the call goes to. */
    String host();

    int port();

    MutableHeaders headers();

    /** The identified client's name, or "anonymous". */
    String client();

    String route();

    /**
     * The whole request body, when a policy on the route declared {@link Policy#bodyAccess()} for it
     * (else null: the body streams and no policy sees it). Read-only: the same array for every policy, not
     * a copy (16 KiB copies per policy per call add up); to change the body use {@link #replaceBody}.
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
     * Replaces the body sent upstream (only when it was held: body() != null); Content-Length follows. The
     * array is taken over, not copied: do not change it afterwards.
     */
    default void replaceBody(byte[] body) {
        throw new UnsupportedOperationException("this request's body is not held and cannot be replaced");
    }

    /** Records what a data-protection scan found for the audit record's dlp list (never the value itself). */
    default void recordFinding(String detector, String location, int count, String action) {
    }

    /** The audit record shows this value for the request header (e.g. with what DLP found redacted). */
    default void auditHeader(String name, String shownValue) {
    }

    /** The audit record's url shows this query (e.g. with the values DLP found redacted). */
    default void auditQuery(String shownQuery) {
    }
}
