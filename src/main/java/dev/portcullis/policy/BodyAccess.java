package dev.portcullis.policy;

/**
 * A policy's declaration that it must see a whole body before it decides, and the most it is willing to
 * hold. The runner buffers that body (and only then), up to the smallest bound any policy on the route
 * declared; a larger body is refused with 413 payload_too_large rather than passed unseen (fail closed),
 * unless every policy that asked for it set passUnseen (or runs in report mode): then the larger body
 * streams on, and the policies see {@code body() == null} with {@code bodyUnseen() == true}.
 * 0 means the policy does not need that body: it streams.
 */
public record BodyAccess(long maxRequestBody, long maxResponseBody, boolean passUnseen) {
    public static final BodyAccess NONE = new BodyAccess(0, 0, false);

    public BodyAccess(long maxRequestBody, long maxResponseBody) {
        this(maxRequestBody, maxResponseBody, false);
    }
}
