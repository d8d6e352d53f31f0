package dev.portcullis.net;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a host name into addresses. Injectable, so tests serve their own answers (and never need real
 * DNS). Implementations must not block the calling thread: it is a network event loop.
 */
public interface HostResolver {
    CompletableFuture<List<InetAddress>> resolve(String host);
}
