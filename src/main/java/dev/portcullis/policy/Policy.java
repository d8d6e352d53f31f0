package dev.portcullis.policy;

import java.util.concurrent.CompletionStage;

/**
 * A policy applied to calls on the routes that name it. Policies are built once at config load and
 * shared by every call, so they must be thread-safe and keep no per-call state in fields.
 *
 * <p>A phase returns a {@link Verdict} (usually the shared completed {@link Verdict#PROCEED}); it does
 * not call the next policy or write a response. The runner runs the request phase in config order
 * (global policies first), the response phase in reverse, handles report mode and records timing.
 * A phase that needs to wait (a token endpoint, a shared store) returns an incomplete stage and must
 * never block the calling thread, which is a network event loop.
 */
public interface Policy {

    /** The policy type as written in the config, e.g. "set-headers". */
    String type();

    default CompletionStage<Verdict> onRequest(RequestView request) {
        return Verdict.PROCEED;
    }

    default CompletionStage<Verdict> onResponse(ResponseView response) {
        return Verdict.PROCEED;
    }

    /**
     * True for policies that add credentials (tokens, passwords, keys): the audit record names them
     * (never their values), and explain masks whatever they set.
     */
    default boolean injectsCredentials() {
        return false;
    }

    /**
     * True for policies that sign the request (aws-sigv4): they run after every other request policy of
     * the route, wherever they are listed, so the signature covers the request exactly as it leaves.
     */
    default boolean signsRequest() {
        return false;
    }

    /** Bodies this policy must see whole (none by default: bodies stream past it). */
    default BodyAccess bodyAccess() {
        return BodyAccess.NONE;
    }

    /**
     * The upstream could not be reached, or failed or timed out before answering (error is
     * upstream_unavailable or upstream_timeout). A policy may return {@link Verdict.Retry}.
     */
    default CompletionStage<Verdict> onUpstreamFailure(RequestView request, ErrorCode error, String message) {
        return Verdict.PROCEED;
    }

    /**
     * The call ended (answered, refused, failed or abandoned), once per call whose request phase began,
     * for every policy of the route: a policy that holds something for the call (a concurrency slot)
     * gives it back here. Must be quick and must not throw.
     */
    default void onEnd(RequestView request) {
    }

    /**
     * A check to run over this call's request body as it streams (called once per call, with the head);
     * null when the policy has none for it.
     */
    default BodyCheck requestBodyCheck(RequestView request) {
        return null;
    }

    /** Limits on streamed body sizes this policy enforces (none by default). */
    default BodyLimits bodyLimits() {
        return BodyLimits.NONE;
    }
}
