package dev.portcullis.upstream;

import dev.portcullis.net.NetworkRule;
import dev.portcullis.net.NetworkGuard;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;

/**
 * Where one call connects and under which rules. ssl is null for plain connections.
 *
 * @param routeAllow the route's own allowNetworks, which apply only to calls matched by that route
 * @param pinSha256 base64 SHA-256 hashes of SubjectPublicKeyInfo, one of which the upstream's chain must hold (empty: no pinning)
 * @param networkReported told why, when network.mode: report lets a blocked address through
 */
public record Destination(Object route, String host, int port, SslContext ssl, java.util.Set<String> pinSha256,
        Duration connectTimeout, Duration idleTimeout,
        NetworkGuard guard, List<NetworkRule> routeAllow, java.util.function.Consumer<String> networkReported) {

    public PoolKey poolKey() { return new PoolKey(route, host, port, ssl != null); }

    public String hostPort() { return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port; }
}
