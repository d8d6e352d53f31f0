package dev.portcullis.upstream;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive upstream connections of ONE event loop (so no locks): at most maxIdlePerKey per
 * upstream. A pooled connection that closes, idles out or sends unasked-for bytes is dropped by its
 * {@link UpstreamHandler}.
 */
final class ConnectionPool {
    private final Map<PoolKey, ArrayDeque<Channel>> idle = new HashMap<>();
    private final int maxIdlePerKey;

    ConnectionPool(int maxIdlePerKey) { this.maxIdlePerKey = maxIdlePerKey; }

    /** A live idle connection for the key, or null. */
    Channel acquire(PoolKey key) {
        ArrayDeque<Channel> q = idle.get(key);
        while (q != null && !q.isEmpty()) {
            Channel ch = q.pollLast();
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    /** Offers a connection back; false (and the caller closes it) when the pool for its key is full. */
    boolean release(PoolKey key, Channel ch) {
        ArrayDeque<Channel> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (q.size() >= maxIdlePerKey) {
            return false;
        }
        q.addLast(ch);
        return true;
    }

    void remove(PoolKey key, Channel ch) {
        ArrayDeque<Channel> q = idle.get(key);
        if (q != null) {
            q.remove(ch);
            if (q.isEmpty()) {
                idle.remove(key);
            }
        }
    }
}
