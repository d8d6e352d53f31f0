package dev.portcullis.config;

import dev.portcullis.net.Cidr;
import dev.portcullis.net.HostPort;
import dev.portcullis.net.NetworkRule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole config file, validated and immutable. Field names follow the YAML keys; secretFiles are the
 * files its ${file:..} references read (watched, so a rotated secret is picked up without a restart).
 */
public record GatewayConfig(
        int version,
        String instance,
        Listen listen,
        Admin admin,
        Defaults defaults,
        Network network,
        List<ClientDef> clients,
        List<RouteDef> routes,
        List<PolicyDef> policies,
        List<String> globalPolicies,
        Audit audit,
        Store store,
        List<Path> secretFiles) {

    /** The shared store for cluster-wide limits; onStoreFailure: what a shared limit does while it is unreachable. */
    public record Store(Secret redis, Duration timeout, StoreFailure onStoreFailure) {}

    public enum StoreFailure { ALLOW, DENY }

    /** The egress listener and its HTTP limits. */
    public record Listen(HostPort address, Duration drainTimeout, int maxInitialLineLength, int maxHeaderSize, int maxHeaders,
            ListenTls tls) {}

    /** TLS on the egress listener; with clientCaFile, callers may (optional) or must (require) show a certificate. */
    public record ListenTls(Path certFile, Path keyFile, Path clientCaFile, ClientAuth clientAuth) {}

    public enum ClientAuth { OPTIONAL, REQUIRE }

    public record Admin(HostPort address, Secret token) {}

    public record Timeouts(Duration connect, Duration response, Duration idle, Duration requestHeader) {
        /** This route's timeouts: each one given here, else the default's. */
        public Timeouts over(Timeouts defaults) {
            return new Timeouts(
                    connect != null ? connect : defaults.connect,
                    response != null ? response : defaults.response,
                    idle != null ? idle : defaults.idle,
                    requestHeader != null ? requestHeader : defaults.requestHeader);
        }
    }

    public record Defaults(Mode mode, Timeouts timeouts, long maxRequestBody) {}

    public record Network(boolean blockPrivateNetworks, List<NetworkRule> allowNetworks, List<NetworkRule> denyNetworks, Mode mode) {}

    /** Who is calling: every given condition must hold. */
    public record ClientDef(String name, List<Cidr> sourceNetworks, Map<String, Secret> headers, ProxyAuth proxyAuth,
            javax.security.auth.x500.X500Principal tlsSubject) {}

    public record ProxyAuth(String username, Secret password) {}

    /**
     * A route's upstream TLS: a private CA, a client certificate (mTLS to the upstream), the lowest
     * protocol accepted, and optional key pins (base64 SHA-256 of a certificate's SubjectPublicKeyInfo).
     */
    public record Tls(Path caFile, Path clientCert, Path clientKey, String minVersion, List<String> pinSha256) {}

    /** A reverse route (prefix + upstream) or a forward route (hosts + ports). */
    public record RouteDef(
            String name,
            String prefix,
            URI upstream,
            List<String> hosts,
            List<Integer> ports,
            List<String> clients,
            List<String> methods,
            List<String> paths,
            Timeouts timeouts,
            Tls tls,
            List<String> policies,
            Mode mode,
            List<NetworkRule> allowNetworks) {

        public boolean isReverse() { return prefix != null; }
    }

    /** A named policy; spec holds its type-specific settings. */
    public record PolicyDef(String name, String type, Mode mode, PolicySpec spec) {}

    public enum Sink { STDOUT, FILE }

    /** maxPending: records waiting for the sink beyond which new requests wait (never dropped). */
    public record Audit(Sink sink, Path path, List<String> redactHeaders, int recentEvents, int maxPending) {}
}
