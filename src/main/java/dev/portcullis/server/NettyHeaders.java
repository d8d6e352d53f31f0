package dev.portcullis.server;

import dev.portcullis.policy.MutableHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** Netty headers seen through the policy SPI's interface (policies stay free of Netty types). */
final class NettyHeaders implements MutableHeaders {
    private final HttpHeaders headers;

    NettyHeaders(HttpHeaders headers) { this.headers = headers; }

    @Override public String get(String name) { return headers.get(name); }

    @Override public List<String> getAll(String name) { return headers.getAll(name); }

    @Override public boolean contains(String name) { return headers.contains(name); }

    @Override public void set(String name, String value) { headers.set(name, value); }

    @Override public void remove(String name) { headers.remove(name); }

    @Override public java.util.Set<String> names() { return headers.names(); }
}
