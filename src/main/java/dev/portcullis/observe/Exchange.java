package dev.portcullis.observe;

import dev.portcullis.policy.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The record of one call while it runs. Owned by the connection's event loop (never shared across
 * threads while mutable); {@link #finish} freezes it into an {@link ExchangeRecord}.
 */
public final class Exchange {
    public final String requestId;
    public final String traceId;
    public final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    public final String sourceAddress;

    public String client;
    public String kind;
    public String method;
    public String url;
    public String route;
    public ErrorCode error;
    public String policy;
    public String message;
    public int status;
    public String upstreamAddress;
    public long requestBytes;
    public long responseBytes;
    public long upstreamStartNanos;
    public Long upstreamMs;
    public AuditHeaders requestHeaders;
    public AuditHeaders responseHeaders;
    public String aborted;
    /** Names of the credential policies that set something on this call (never their values). */
    public List<String> credentials = List.of();
    /** Upstream attempts, when a policy made more than one. */
    public int attempts = 1;
    /** The shared store could not be reached and onStoreFailure decided. */
    public boolean storeFailure;
    private List<ExchangeRecord.Reported> reported;
    private List<ExchangeRecord.Dlp> dlp;
    private Map<String, String> shownRequestHeaders;
    private Map<String, String> shownResponseHeaders;
    private boolean finished;

    public Exchange(String requestId, String traceId, String sourceAddress) {
        this.requestId = requestId;
        this.traceId = traceId;
        this.sourceAddress = sourceAddress;
    }

    public void report(String policyName, ErrorCode code) {
        if (reported == null) {
            reported = new ArrayList<>(2);
        }
        reported.add(new ExchangeRecord.Reported(policyName, code.code()));
    }

    /** A DLP finding for the audit record's dlp list. */
    public void dlp(String detector, String location, int count, String action, String direction) {
        if (dlp == null) {
            dlp = new ArrayList<>(2);
        }
        dlp.add(new ExchangeRecord.Dlp(detector, location, count, action, direction));
    }

    /** The audit record shows this value for the request header, e.g. redacted. */
    public void showRequestHeader(String name, String value) { shownRequestHeaders = put(shownRequestHeaders, name, value); }

    /** The audit record shows this value for the response header, e.g. redacted. */
    public void showResponseHeader(String name, String value) { shownResponseHeaders = put(shownResponseHeaders, name, value); }

    /** Adds name (lower-cased, as the audit record's header maps are) to shown, made on first use. */
    private static Map<String, String> put(Map<String, String> shown, String name, String value) {
        Map<String, String> out = shown == null ? new HashMap<>(4) : shown;
        out.put(name.toLowerCase(Locale.ROOT), value);
        return out;
    }

    /** The audit url shows this query instead of the one sent (DLP found something in it). */
    public void showQuery(String query) {
        if (url != null) {
            int q = url.indexOf('?');
            url = (q < 0 ? url : url.substring(0, q)) + (query == null || query.isEmpty() ? "" : "?" + query);
        }
    }

    private static AuditHeaders shown(AuditHeaders headers, Map<String, String> shown) {
        return headers == null || shown == null ? headers : headers.showing(shown);
    }

    public boolean hasReports() { return reported != null; }

    /** Marks the exchange failed or denied; the first error wins. */
    public void fail(ErrorCode code, String policyName, String why) {
        if (error == null) {
            error = code;
            policy = policyName;
            message = why;
        }
    }

    public void upstreamStarted() { upstreamStartNanos = System.nanoTime(); }

    public void upstreamResponded() {
        if (upstreamStartNanos != 0 && upstreamMs == null) {
            upstreamMs = (System.nanoTime() - upstreamStartNanos) / 1_000_000;
        }
    }

    public boolean isFinished() { return finished; }

    /** Freezes the exchange; returns null when it was already finished (one record per call). */
    public ExchangeRecord finish(String instance) {
        if (finished) {
            return null;
        }
        finished = true;
        String decision = error == null ? "allow" : error.decision();
        return new ExchangeRecord(start, instance, requestId, traceId, client, sourceAddress, kind, method, url, route,
                decision, error == null ? null : error.code(), policy, message,
                reported == null ? List.of() : List.copyOf(reported), status, upstreamAddress, requestBytes, responseBytes,
                (System.nanoTime() - startNanos) / 1_000_000, upstreamMs, shown(requestHeaders, shownRequestHeaders),
                shown(responseHeaders, shownResponseHeaders), aborted, credentials, attempts, storeFailure,
                dlp == null ? List.of() : List.copyOf(dlp));
    }
}
