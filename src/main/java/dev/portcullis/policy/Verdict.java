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
     * Response phase (and upstream failures) only: discard this response and send the request again
     * after the given delay, once the request phase ran anew (a fresh token after a 401, a retry after a
     * 503). Ignored when the request can't be replayed (its body streamed) or the attempts are used up:
     * the response or failure then passes as it is.
     */
    record Retry(String reason, java.time.Duration after) implements Verdict {
        public Retry(String reason) {
            this(reason, java.time.Duration.ZERO);
        }
    }

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
