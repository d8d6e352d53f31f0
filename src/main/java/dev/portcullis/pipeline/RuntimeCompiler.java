package dev.portcullis.pipeline;

import dev.portcullis.config.ConfigException;
import dev.portcullis.config.ConfigProblem;
import dev.portcullis.config.GatewayConfig;
import dev.portcullis.config.GatewayConfig.PolicyDef;
import dev.portcullis.config.GatewayConfig.RouteDef;
import dev.portcullis.config.Mode;
import dev.portcullis.net.HostPatterns;
import dev.portcullis.net.NetworkGuard;
import dev.portcullis.policy.BodyLimits;
import dev.portcullis.policy.Policy;
import dev.portcullis.upstream.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles a validated config into a {@link Runtime}: policies built once, matchers compiled, TLS ready. */
public final class RuntimeCompiler {
    /** The name forward calls matching no route carry in report mode (no config name can look like it). */
    public static final String UNMATCHED = "(unmatched)";

    private RuntimeCompiler() {}

    /** Compiles for validate and explain: policies that would call out can't. */
    public static Runtime compile(String source, GatewayConfig config) throws ConfigException {
        return compile(source, config, dev.portcullis.policy.PolicyContext.OFFLINE);
    }

    public static Runtime compile(String source, GatewayConfig config, dev.portcullis.policy.PolicyContext context)
            throws ConfigException {
        Map<String, Policy> built = new HashMap<>();
        Map<String, PolicyDef> defs = new HashMap<>();
        for (PolicyDef def : config.policies()) {
            built.put(def.name(), def.spec().create(def.name(), context));
            defs.put(def.name(), def);
        }
        List<Route> routes = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        SslContext defaultTls = null;
        for (int i = 0; i < config.routes().size(); i++) {
            RouteDef r = config.routes().get(i);
            SslContext tls;
            try {
                if (r.tls() != null) {
                    tls = TlsContexts.forRoute(r.tls());
                } else {
                    defaultTls = defaultTls != null ? defaultTls : TlsContexts.systemTrust();
                    tls = defaultTls;
                }
            } catch (Exception e) {
                problems.add(new ConfigProblem("routes[" + i + "].tls", 0, 0, "cannot build TLS settings: " + e.getMessage()));
                continue;
            }
            routes.add(route(config, r, tls, built, defs));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        var n = config.network();
        NetworkGuard guard = new NetworkGuard(n.blockPrivateNetworks(), n.allowNetworks(), n.denyNetworks(), List.of())
                .withReportMode(n.mode() == Mode.REPORT);
        Route unmatched = null;
        if (config.defaults().mode() == Mode.REPORT) {
            RouteDef passthrough = new RouteDef(UNMATCHED, null, null, List.of("*"), List.of(), List.of(), List.of(), List.of(),
                    null, null, List.of(), Mode.REPORT, List.of());
            try {
                unmatched = route(config, passthrough, defaultTls != null ? defaultTls : TlsContexts.systemTrust(), built, defs);
            } catch (javax.net.ssl.SSLException e) {
                throw new ConfigException(source, List.of(new ConfigProblem("defaults.mode", 0, 0, "cannot build TLS settings: " + e.getMessage())));
            }
        }
        return new Runtime(config, new RouteTable(routes), new ClientIdentifier(config.clients()), guard, unmatched);
    }

    private static Route route(GatewayConfig config, RouteDef r, SslContext tls, Map<String, Policy> built,
            Map<String, PolicyDef> defs) {
        Mode routeMode = r.mode() != null ? r.mode() : config.defaults().mode();
        List<NamedPolicy> chain = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(config.globalPolicies());
        names.addAll(r.policies());
        long maxRequest = config.defaults().maxRequestBody();
        long maxResponse = Long.MAX_VALUE;
        long bufferRequest = 0;
        long bufferResponse = 0;
        boolean passRequest = true;
        boolean passResponse = true;
        for (String name : names) {
            PolicyDef def = defs.get(name);
            Mode mode = def.mode() != null ? def.mode() : routeMode;
            Policy policy = built.get(name);
            chain.add(new NamedPolicy(name, policy, mode));
            bufferRequest = smallestPositive(bufferRequest, policy.bodyAccess().maxRequestBody());
            bufferResponse = smallestPositive(bufferResponse, policy.bodyAccess().maxResponseBody());
            boolean passes = policy.bodyAccess().passUnseen() || mode == Mode.REPORT;
            passRequest &= passes || policy.bodyAccess().maxRequestBody() <= 0;
            passResponse &= passes || policy.bodyAccess().maxResponseBody() <= 0;
            BodyLimits limits = policy.bodyLimits();
            if (mode == Mode.ENFORCE) {
                maxRequest = Math.min(maxRequest, limits.maxRequestBody());
                maxResponse = Math.min(maxResponse, limits.maxResponseBody());
            }
        }
        // signers last: the signature must cover what every other policy changed
        List<NamedPolicy> ordered = new ArrayList<>(chain.stream().filter(p -> !p.policy().signsRequest()).toList());
        ordered.addAll(chain.stream().filter(p -> p.policy().signsRequest()).toList());
        chain = ordered;
        Route.Upstream upstream = null;
        if (r.isReverse()) {
            var u = r.upstream();
            boolean https = u.getScheme().equalsIgnoreCase("https");
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            upstream = new Route.Upstream(https, HostPatterns.normaliseName(u.getHost()),
                    u.getPort() > 0 ? u.getPort() : https ? 443 : 80, path);
        }
        return new Route(r.name(), r.isReverse() ? Route.Kind.REVERSE : Route.Kind.FORWARD, r.prefix(), upstream,
                r.hosts(), Set.copyOf(r.ports()), Set.copyOf(r.clients()), Set.copyOf(r.methods()),
                r.paths().stream().map(PathGlob::compile).toList(),
                r.timeouts() == null ? config.defaults().timeouts() : r.timeouts().over(config.defaults().timeouts()),
                tls, r.tls() == null ? Set.of() : Set.copyOf(r.tls().pinSha256()), new PolicyChain(chain), routeMode, r.allowNetworks(), maxRequest, maxResponse, bufferRequest, bufferResponse,
                passRequest, passResponse);
    }

    /** The bound for a buffered body: the smallest any policy declared (0 = none declared). */
    private static long smallestPositive(long current, long declared) {
        if (declared <= 0) {
            return current;
        }
        return current == 0 ? declared : Math.min(current, declared);
    }
}
