package dev.portcullis.server;

import dev.portcullis.pipeline.Route;
import dev.portcullis.policy.ErrorCode;
import java.util.List;

/**
 * Where an allowed call goes, or why it is refused. Decided once from the parsed request target,
 * before any policy runs or any connection is made.
 */
public sealed interface CallPlan {

    /** An allowed call: the route and the exact upstream it will be sent to. */
    record Go(Route route, String client, boolean tls, String host, int port, String path, String query,
            List<Reported> reported) implements CallPlan {

        public String authority() { return dev.portcullis.net.Addresses.authority(host, port, tls); }

        public String uri() { return query == null ? path : path + "?" + query; }

        public String url() { return (tls ? "https://" : "http://") + authority() + uri(); }
    }

    /** A denial that report mode turned into allow-and-record. */
    record Reported(String policy, ErrorCode error) {}

    /** A refused call. route is set when a route matched but refused this client, method or path. */
    record Refuse(ErrorCode error, String message, Route route, String client, boolean proxyChallenge) implements CallPlan {}
}
