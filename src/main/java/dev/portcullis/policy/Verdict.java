package dev.portcullis.policy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What a policy decided about one call. Policies return verdicts; the runner acts on them. */
public sealed interface Verdict {

    /** Let the call go on to the next policy. */
    record Continue() implements Verdict {}

    /**
     * Refuse the call with this error; the message is shown to the caller and in the audit record.
     * headers go on the refusal (Retry-After, RateLimit, ...).
     */
    record Deny(ErrorCode error, String message, java.util.Map<String, String> headers) implements Verdict {
        public Deny(ErrorCode error, String message) {
            this(error, message, java.util.Map.of());
        }
    }

    /**
     * Response phase only: discard this response and send the request again, once, after the request
     * phase ran anew (e.g. a fresh token after a 401). Ignored when the request can't be replayed (its
     * body streamed) or was already retried: the response then passes as it is.
     */
    record Retry(String reason) implements Verdict {}

    Verdict CONTINUE = new Continue();

    /** A completed stage of CONTINUE, shared so that the common case allocates nothing. */
    CompletionStage<Verdict> PROCEED = CompletableFuture.completedFuture(CONTINUE);

    static CompletionStage<Verdict> deny(ErrorCode error, String message) {
        return CompletableFuture.completedFuture(new Deny(error, message));
    }

    static CompletionStage<Verdict> deny(ErrorCode error, String message, java.util.Map<String, String> headers) {
        return CompletableFuture.completedFuture(new Deny(error, message, headers));
    }
}
