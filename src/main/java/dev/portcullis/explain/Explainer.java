package dev.portcullis.explain;

import dev.portcullis.config.Mode;
import dev.portcullis.net.Addresses;
import dev.portcullis.net.HostResolver;
import dev.portcullis.net.NetworkGuard;
import dev.portcullis.pipeline.ClientIdentifier;
import dev.portcullis.pipeline.NamedPolicy;
import dev.portcullis.pipeline.Route;
import dev.portcullis.pipeline.Runtime;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.MutableHeaders;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.Verdict;
import dev.portcullis.server.CallPlan;
import dev.portcullis.server.CallPlanner;
import dev.portcullis.server.RequestTarget;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates one hypothetical call against a compiled config exactly as the gateway would decide it
 * (same target parser, planner, policies and guard), without sending anything or opening a connection.
 * Names are resolved only when a resolver is given.
 */
public final class Explainer {
    /** The call to explain. client null = identify it from sourceIp and headers like the gateway does. */
    public record Call(String method, String target, String client, InetAddress sourceIp, Map<String, List<String>> headers,
            byte[] body) {}

    private final Runtime runtime;
    private final HostResolver resolver; // null: names are not resolved
    private final SecretScrubber scrubber;

    public Explainer(Runtime runtime, HostResolver resolver) {
        this.runtime = runtime;
        this.resolver = resolver;
        this.scrubber = SecretScrubber.of(runtime.config());
    }

    public Explanation explain(Call call) {
        String method = call.method().toUpperCase(java.util.Locale.ROOT);
        MapHeaders headers = new MapHeaders();
        call.headers().forEach((k, vs) -> vs.forEach(v -> headers.add(k, v)));
        String client = call.client() != null ? call.client()
                : runtime.clients().identify(call.sourceIp(), headers::get);
        RequestTarget target;
        try {
            target = RequestTarget.parse(call.target(), method.equals("CONNECT"));
        } catch (RequestTarget.Invalid e) {
            return denied(method, call.target(), null, client, null, null, List.of(), "not checked", List.of(), List.of(),
                    ErrorCode.BAD_REQUEST, e.getMessage());
        }
        String kind = method.equals("CONNECT") ? "connect" : target.form() == RequestTarget.Form.ORIGIN ? "reverse" : "forward";
        CallPlan plan = CallPlanner.plan(runtime, method, target, client);
        if (plan instanceof CallPlan.Refuse refuse) {
            return denied(method, call.target(), kind, client, refuse.route() == null ? null : refuse.route().name(), null,
                    List.of(), "not checked (refused before any connection)", List.of(), List.of(), refuse.error(), refuse.message());
        }
        CallPlan.Go go = (CallPlan.Go) plan;
        List<String> reported = new ArrayList<>();
        go.reported().forEach(r -> reported.add(r.policy() + ": " + r.error().code()));
        Map<String, String> before = headers.snapshot();
        ClientIdentifier ids = runtime.clients();
        ids.identityHeaders().forEach(headers::remove);
        headers.remove("Proxy-Authorization");
        List<Explanation.PolicyVerdict> verdicts = new ArrayList<>();
        ErrorCode error = null;
        String message = null;
        String[] query = {go.query()};
        List<String> dlpNotes = new ArrayList<>();
        RequestView view = view(method, go, headers, call.body(), query, dlpNotes);
        java.util.Set<String> masked = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        boolean queryMasked = false;
        for (NamedPolicy p : go.route().policies().policies()) {
            Map<String, String> beforePolicy = headers.snapshot();
            String queryBefore = query[0];
            Verdict v = run(p, view);
            if (p.policy().injectsCredentials()) { // whatever a credential policy sets is shown as ***
                headers.snapshot().forEach((k, val) -> {
                    if (!Objects.equals(beforePolicy.get(k), val)) {
                        masked.add(k);
                    }
                });
                queryMasked |= !Objects.equals(queryBefore, query[0]);
            }
            if (v instanceof Verdict.Deny deny) {
                boolean report = p.mode() == Mode.REPORT;
                verdicts.add(new Explanation.PolicyVerdict(p.name(), p.policy().type(), mode(p.mode()), report ? "report" : "deny",
                        deny.error().code(), scrubber.scrub(deny.message())));
                if (report) {
                    reported.add(p.name() + ": " + deny.error().code());
                } else if (error == null) {
                    error = deny.error();
                    message = p.name() + ": " + deny.message();
                }
            } else {
                verdicts.add(new Explanation.PolicyVerdict(p.name(), p.policy().type(), mode(p.mode()), "continue", null, null));
            }
            if (error != null) {
                break; // the gateway stops at the first enforced denial; later policies would not run
            }
        }
        List<String> changes = changes(before, headers.snapshot(), masked);
        changes.addAll(dlpNotes);
        if (!Objects.equals(go.query(), query[0])) {
            changes.add("query: " + (queryMasked ? "*** (set by a credential policy)" : query[0]));
        }
        String network = network(go);
        if (network.startsWith("reported")) {
            reported.add("network: network_denied");
        }
        if (error == null && network.startsWith("denied")) {
            error = ErrorCode.NETWORK_DENIED;
            message = network.substring("denied: ".length());
        }
        String upstream = kind.equals("connect") ? go.host() + ":" + go.port() : go.url();
        if (error != null) {
            return denied(method, call.target(), kind, client, go.route().name(), upstream, verdicts, network, changes, reported,
                    error, scrubber.scrub(message));
        }
        return new Explanation(method, call.target(), kind, client, go.route().name(), upstream, verdicts, network, changes,
                reported, "allow", null, null);
    }

    private static Explanation denied(String method, String target, String kind, String client, String route, String upstream,
            List<Explanation.PolicyVerdict> policies, String network, List<String> changes, List<String> reported,
            ErrorCode error, String message) {
        return new Explanation(method, target, kind, client, route, upstream, policies, network, changes, reported, "deny",
                error.code(), message);
    }

    private static String mode(Mode m) { return m.name().toLowerCase(java.util.Locale.ROOT); }

    private static Verdict run(NamedPolicy p, RequestView view) {
        try {
            return p.policy().onRequest(view).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return new Verdict.Deny(ErrorCode.UPSTREAM_UNAVAILABLE, "policy failed: " + e.getClass().getSimpleName());
        }
    }

    /** Request headers the policies added, changed or removed, secrets masked. */
    private List<String> changes(Map<String, String> before, Map<String, String> after, java.util.Set<String> masked) {
        List<String> out = new ArrayList<>();
        after.forEach((k, v) -> {
            if (!Objects.equals(before.get(k), v)) {
                out.add(k + ": " + (masked.contains(k) ? "***" : scrubber.scrub(v)));
            }
        });
        before.keySet().forEach(k -> {
            if (!after.containsKey(k)) {
                out.add(k + ": (removed)");
            }
        });
        return out;
    }

    /** The SSRF guard's verdict: IP literals always, names only when resolving is allowed. */
    private String network(CallPlan.Go go) {
        Route route = go.route();
        InetAddress literal = Addresses.literal(go.host());
        List<InetAddress> addresses;
        if (literal != null) {
            addresses = List.of(literal);
        } else if (resolver == null) {
            return "not checked: " + go.host() + " is a name (give --resolve to check its addresses)";
        } else {
            try {
                addresses = resolver.resolve(go.host()).get(route.timeouts().connect().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return "not checked: DNS lookup of " + go.host() + " failed (" + e.getClass().getSimpleName() + ")";
            }
        }
        NetworkGuard guard = runtime.guard();
        List<String> allowed = new ArrayList<>();
        String firstDenied = null;
        boolean reportable = false;
        for (InetAddress a : addresses) {
            NetworkGuard.Check c = guard.check(a, go.port(), route.allowNetworks());
            if (c.allowed()) {
                allowed.add(Addresses.format(a));
            } else if (firstDenied == null) {
                firstDenied = c.reason();
                reportable = c.reportable();
            }
        }
        if (allowed.isEmpty() && firstDenied != null && guard.reportOnly() && reportable) {
            return "reported (network.mode: report lets it through): " + firstDenied;
        }
        if (allowed.isEmpty()) {
            return "denied: " + (firstDenied == null ? go.host() + " has no address" : firstDenied);
        }
        return "allowed: would connect to " + allowed.get(0) + (firstDenied == null ? "" : " (other answers refused: " + firstDenied + ")");
    }

    /** notes receives what data-protection policies found and changed (never the values). */
    private static RequestView view(String method, CallPlan.Go go, MutableHeaders headers, byte[] body, String[] query,
            List<String> notes) {
        return new RequestView() {
            @Override public String method() { return method; }

            @Override public String path() { return go.path(); }

            @Override public String query() { return query[0]; }

            @Override public void setQuery(String q) { query[0] = q; }

            @Override public String host() { return go.host(); }

            @Override public int port() { return go.port(); }

            @Override public MutableHeaders headers() { return headers; }

            @Override public String client() { return go.client(); }

            @Override public String route() { return go.route().name(); }

            private byte[] current = body == null ? new byte[0] : body; // what the next policy sees

            @Override public byte[] body() {
                return go.route().buffersRequest() ? current.clone() : null;
            }

            @Override public void replaceBody(byte[] replaced) {
                notes.add("body: replaced (" + current.length + " -> " + replaced.length + " bytes)");
                current = replaced.clone();
            }

            @Override public void recordFinding(String detector, String location, int count, String action) {
                notes.add("dlp: " + detector + " at " + location + (count > 1 ? " (" + count + ")" : "") + ", " + action);
            }
        };
    }
}
