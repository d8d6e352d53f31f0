package dev.portcullis.policy;

/**
 * Byte limits a policy puts on streamed bodies. The body is never buffered for them: the server counts
 * bytes as they pass and refuses the call once a limit is crossed. Long.MAX_VALUE means no limit.
 */
public record BodyLimits(long maxRequestBody, long maxResponseBody) {
    public static final BodyLimits NONE = new BodyLimits(Long.MAX_VALUE, Long.MAX_VALUE);
}
