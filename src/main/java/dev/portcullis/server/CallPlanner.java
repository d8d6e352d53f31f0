package dev.portcullis.server;

import dev.portcullis.config.Mode;
import dev.portcullis.pipeline.Route;
import dev.portcullis.pipeline.Runtime;
import dev.portcullis.policy.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** Matches a parsed call to its route and applies the route's client, method and path rules. */
public final class CallPlanner {
    private CallPlanner() {}

    public static CallPlan plan(Runtime runtime, String method, RequestTarget target, String client) {
        return switch (target.form()) {
            case ORIGIN -> reverse(runtime, method, target, client);
            case ABSOLUTE, AUTHORITY -> forward(runtime, method, target, client);
        };
    }

    private static CallPlan reverse(Runtime runtime, String method, RequestTarget target, String client) {
        Route route = runtime.routes().reverse(target.path());
        if (route == null) {
            return new CallPlan.Refuse(ErrorCode.NO_ROUTE, "path " + RequestTarget.printable(target.path())
                    + " matches no route prefix; add a route for it or fix the URL", null, client, false);
        }
        String path = route.upstreamPath(target.path());
        Route.Upstream u = route.upstream();
        return check(runtime, route, method, client, new CallPlan.Go(route, client, u.tls(), u.host(), u.port(), path,
                target.query(), List.of()));
    }

    private static CallPlan forward(Runtime runtime, String method, RequestTarget target, String client) {
        List<Route> candidates = runtime.routes().forward(target.host(), target.port());
        if (candidates.isEmpty() && runtime.unmatched() != null) {
            // defaults.mode: report: record what enforce mode would refuse, and let it through
            return new CallPlan.Go(runtime.unmatched(), client, target.tls(), target.host(), target.port(), target.path(),
                    target.query(), List.of(new CallPlan.Reported("routes", ErrorCode.DESTINATION_DENIED)));
        }
        if (candidates.isEmpty()) {
            return new CallPlan.Refuse(ErrorCode.DESTINATION_DENIED, target.host() + ":" + target.port()
                    + " matches no route; add it to a route's hosts (and ports) to allow it", null, client, false);
        }
        // The first route that admits this client decides; when none does, the first one refuses.
        Route chosen = null;
        for (Route r : candidates) {
            if (r.allowsClient(client)) {
                chosen = r;
                break;
            }
        }
        if (chosen == null) {
            Route first = candidates.get(0);
            boolean challenge = candidates.stream().allMatch(r -> !r.clients().isEmpty()
                    && r.clients().stream().allMatch(runtime.clients()::usesProxyAuth));
            if (challenge && first.mode() != Mode.REPORT) {
                return new CallPlan.Refuse(ErrorCode.PROXY_AUTH_REQUIRED, target.host() + ":" + target.port()
                        + " needs proxy credentials (route '" + first.name() + "'); configure the client's proxy user and password",
                        first, client, true);
            }
            chosen = first;
        }
        return check(runtime, chosen, method, client, new CallPlan.Go(chosen, client, target.tls(), target.host(),
                target.port(), target.path(), target.query(), List.of()));
    }

    private static CallPlan check(Runtime runtime, Route route, String method, String client, CallPlan.Go go) {
        List<CallPlan.Reported> reported = new ArrayList<>(0);
        CallPlan.Refuse refuse = null;
        if (!route.allowsClient(client)) {
            refuse = new CallPlan.Refuse(ErrorCode.CLIENT_DENIED, "client '" + client + "' may not use route '" + route.name()
                    + "'; allowed clients: " + String.join(", ", route.clients().stream().sorted().toList()), route, client, false);
        } else if (!route.allowsMethod(method)) {
            refuse = new CallPlan.Refuse(ErrorCode.METHOD_DENIED, "method " + method + " is not allowed on route '" + route.name()
                    + "'; allowed: " + String.join(", ", route.methods().stream().sorted().toList()), route, client, false);
        } else if (go.path() == null && !route.paths().isEmpty()) {
            refuse = new CallPlan.Refuse(ErrorCode.PATH_DENIED, "route '" + route.name()
                    + "' restricts paths, which a CONNECT tunnel cannot show; call it as plain HTTP through the proxy", route, client, false);
        } else if (go.path() != null && !route.allowsPath(go.path())) {
            refuse = new CallPlan.Refuse(ErrorCode.PATH_DENIED, "path " + RequestTarget.printable(go.path())
                    + " is not allowed on route '" + route.name() + "'", route, client, false);
        }
        if (refuse == null) {
            return go;
        }
        if (route.mode() == Mode.REPORT) {
            reported.add(new CallPlan.Reported("route:" + route.name(), refuse.error()));
            return new CallPlan.Go(go.route(), client, go.tls(), go.host(), go.port(), go.path(), go.query(), reported);
        }
        return refuse;
    }
}
