package dev.portcullis.pipeline;

import dev.portcullis.config.GatewayConfig.Timeouts;
import dev.portcullis.config.Mode;
import dev.portcullis.net.NetworkRule;
import dev.portcullis.net.HostPatterns;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Set;

/**
 * A route compiled for the hot path: matchers built, policies resolved, TLS context ready. Immutable;
 * a reload builds new ones, and an upstream connection pool is keyed by the Route instance, so a
 * connection is never reused across configs.
 */
public record Route(
        String name,
        Kind kind,
        String prefix,
        Upstream upstream,
        List<String> hosts,
        Set<Integer> ports,
        Set<String> clients,
        Set<String> methods,
        List<PathGlob> paths,
        Timeouts timeouts,
        SslContext tls,
        Set<String> pinSha256,
        PolicyChain policies,
        Mode mode,
        List<NetworkRule> allowNetworks,
        long maxRequestBody,
        long maxResponseBody,
        long bufferRequestBody,
        long bufferResponseBody,
        boolean passUnseenRequest,
        boolean passUnseenResponse) {

    public enum Kind { REVERSE, FORWARD }

    /** A reverse route's destination: scheme, host, port and a base path prepended to the rest. */
    public record Upstream(boolean tls, String host, int port, String basePath) {}

    /** True when a policy needs the whole request body (buffered up to bufferRequestBody). */
    public boolean buffersRequest() { return bufferRequestBody > 0; }

    public boolean buffersResponse() { return bufferResponseBody > 0; }

    /** A request body over bufferRequestBody streams on unseen (every policy that asked for it allows that). */
    public boolean passesUnseenRequest() { return passUnseenRequest; }

    public boolean passesUnseenResponse() { return passUnseenResponse; }

    public boolean allowsClient(String client) { return clients.isEmpty() || clients.contains(client); }

    public boolean allowsMethod(String method) { return methods.isEmpty() || methods.contains(method); }

    public boolean allowsPath(String path) { return paths.isEmpty() || PathGlob.anyMatches(paths, path); }

    public boolean matchesHost(String host, int port) {
        if (!ports.contains(port)) {
            return false;
        }
        for (String pattern : hosts) {
            if (HostPatterns.matches(pattern, host)) {
                return true;
            }
        }
        return false;
    }

    /** Does the path fall under this reverse route's prefix, on a segment boundary? */
    public boolean matchesPrefix(String path) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** The upstream path for a client path under this route's prefix. */
    public String upstreamPath(String path) {
        String rest = prefix.equals("/") ? path : path.substring(prefix.length());
        String base = upstream.basePath();
        if (rest.isEmpty()) {
            return base.isEmpty() ? "/" : base;
        }
        return base + rest;
    }
}
