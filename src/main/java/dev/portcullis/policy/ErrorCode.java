package dev.portcullis.policy;

/**
 * Every way the gateway refuses or fails a call, in one place: the HTTP status, the contract's error
 * code (also the audit "error" value and the metric tag) and whether it is a denial or a failure.
 */
public enum ErrorCode {
    NO_ROUTE(403, "no_route", true),
    DESTINATION_DENIED(403, "destination_denied", true),
    NETWORK_DENIED(403, "network_denied", true),
    CLIENT_DENIED(403, "client_denied", true),
    METHOD_DENIED(403, "method_denied", true),
    PATH_DENIED(403, "path_denied", true),
    PROXY_AUTH_REQUIRED(407, "proxy_auth_required", true),
    MISSING_HEADER(400, "missing_header", true),
    BAD_REQUEST(400, "bad_request", true),
    URI_TOO_LONG(414, "uri_too_long", true),
    HEADER_TOO_LARGE(431, "header_too_large", true),
    DLP_VIOLATION(403, "dlp_violation", true),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", true),
    RATE_LIMITED(429, "rate_limited", true),
    QUOTA_EXCEEDED(429, "quota_exceeded", true),
    RESPONSE_REJECTED(502, "response_rejected", true),
    CIRCUIT_OPEN(503, "circuit_open", false),
    UPSTREAM_UNAVAILABLE(502, "upstream_unavailable", false),
    UPSTREAM_TIMEOUT(504, "upstream_timeout", false);

    private final int status;
    private final String code;
    private final boolean denial;

    ErrorCode(int status, String code, boolean denial) {
        this.status = status;
        this.code = code;
        this.denial = denial;
    }

    public int status() { return status; }

    /** The contract's name for it, e.g. "no_route". */
    public String code() { return code; }

    /** The audit decision: "deny" for refusals, "error" for failures to complete the call. */
    public String decision() { return denial ? "deny" : "error"; }
}
