package dev.portcullis.policy;

/** The outbound request as the request phase sees it: what will be sent upstream. */
public interface RequestView extends MessageView {
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

    /** The identified client's name, or "anonymous". */
    String client();

    String route();

    /** The audit record's url shows this query (e.g. with the values DLP found redacted). */
    default void auditQuery(String shownQuery) {
    }
}
