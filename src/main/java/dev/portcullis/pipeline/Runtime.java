package dev.portcullis.pipeline;

import dev.portcullis.config.GatewayConfig;
import dev.portcullis.net.NetworkGuard;

/**
 * Everything a call needs, compiled from one config and never changed: a reload builds a new Runtime
 * and swaps one reference; calls in flight finish on the one they started with.
 *
 * @param unmatched with defaults.mode: report, the route that forward calls matching no route take
 *     (recorded as would-be destination_denied, then let through); null in enforce mode
 */
public record Runtime(GatewayConfig config, RouteTable routes, ClientIdentifier clients, NetworkGuard guard, Route unmatched) {

    /** The same runtime with another guard (the listener's own address is known once it is bound). */
    public Runtime withGuard(NetworkGuard g) { return new Runtime(config, routes, clients, g, unmatched); }
}
