package dev.portcullis.observe;

import java.time.Instant;
import java.util.List;

/**
 * One finished call, immutable: what the audit log, the metrics and the admin API's event list see.
 * Nullable fields are omitted from the JSON line when empty.
 */
public record ExchangeRecord(
        Instant time,
        String instance,
        String requestId,
        String traceId,
        String client,
        String sourceAddress,
        String kind,
        String method,
        String url,
        String route,
        String decision,
        String error,
        String policy,
        String message,
        List<Reported> reported,
        int status,
        String upstreamAddress,
        long requestBytes,
        long responseBytes,
        long durationMs,
        Long upstreamMs,
        AuditHeaders requestHeaders,
        AuditHeaders responseHeaders,
        String aborted,
        List<String> credentials,
        int attempts,
        boolean storeFailure,
        List<Dlp> dlp) {

    /** A denial that report mode let pass. */
    public record Reported(String policy, String error) {}

    /**
     * What a data-protection scan found: detector, where, how many, what the policy did (never the value);
     * direction is "response" for findings in the upstream's response, null for the request.
     */
    public record Dlp(String detector, String location, int count, String action, String direction) {}
}
