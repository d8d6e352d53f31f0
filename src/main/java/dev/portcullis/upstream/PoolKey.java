package dev.portcullis.upstream;

import java.util.Objects;

/**
 * Which pooled connections a call may reuse: same route instance (so a reload never reuses a connection
 * checked under the old rules), same host and port, same TLS.
 */
public final class PoolKey {
    private final Object owner;
    private final String host;
    private final int port;
    private final boolean tls;
    private final int hash;

    public PoolKey(Object owner, String host, int port, boolean tls) {
        this.owner = owner;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.hash = Objects.hash(System.identityHashCode(owner), host, port, tls);
    }

    @Override public boolean equals(Object o) {
        return o instanceof PoolKey k && k.owner == owner && k.port == port && k.tls == tls && k.host.equals(host);
    }

    @Override public int hashCode() { return hash; }

    @Override public String toString() { return (tls ? "https://" : "http://") + host + ":" + port; }
}
