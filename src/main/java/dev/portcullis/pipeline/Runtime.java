package dev.portcullis.pipeline;

import dev.portcullis.config.GatewayConfig;
import dev.portcullis.net.NetworkGuard;

/**
 * Everything a call needs, compiled from one config and never changed: a reload builds a new Runtime
 * and swaps one reference; calls in flight finish on the one they started with.
 */
public record Runtime(GatewayConfig config, RouteTable routes, ClientIdentifier clients, NetworkGuard guard) {}
