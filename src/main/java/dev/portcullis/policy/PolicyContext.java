package dev.portcullis.policy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the running gateway offers policies when they are built: a clock, and an HTTP client that goes
 * through the gateway's own connector (the SSRF guard, TLS verification), for policies that call out
 * themselves (a token endpoint). Where nothing may be sent (validate, explain), calls fail.
 */
public interface PolicyContext {
    /** A reply read whole (bounded); headers by lower-case name. */
    record Reply(int status, Map<String, String> headers, byte[] body) {}

    Clock clock();

    /** Counts an event in the gateway's metrics (portcullis_policy_events_total{policy, event}); a no-op offline. */
    default void countEvent(String policy, String event) {
    }

    /** Registers a gauge in the gateway's metrics, with policy and key tags; a no-op offline. */
    default void gauge(String metric, String policy, String key, java.util.function.Supplier<Number> value) {
    }

    /** The shared store (Redis), or null when none is configured. */
    default SharedStore store() {
        return null;
    }

    /** How long a call may wait for the shared store; what to do when it doesn't answer in time. */
    default java.time.Duration storeTimeout() {
        return java.time.Duration.ofMillis(50);
    }

    /** true: allow (each instance then enforces its limits locally); false: refuse the call. */
    default boolean allowOnStoreFailure() {
        return true;
    }

    /** True where nothing may be sent (validate, explain): policies show what they would do instead. */
    default boolean offline() {
        return false;
    }

    /**
     * POSTs an application/x-www-form-urlencoded body. caFile: trust for an HTTPS URL (null: the JDK's);
     * allowNetworks: CIDRs exempt from the SSRF guard for this call only. Never blocks the caller.
     */
    CompletableFuture<Reply> postForm(URI url, Map<String, String> headers, String form, Path caFile, List<String> allowNetworks,
            Duration timeout);

    /** For validate and explain: builds policies, sends nothing. */
    PolicyContext OFFLINE = new PolicyContext() {
        @Override public Clock clock() { return Clock.systemUTC(); }

        @Override public boolean offline() { return true; }

        @Override public CompletableFuture<Reply> postForm(URI url, Map<String, String> headers, String form, Path caFile,
                List<String> allowNetworks, Duration timeout) {
            return CompletableFuture.failedFuture(new IllegalStateException("nothing is sent here (validate/explain)"));
        }
    };
}
