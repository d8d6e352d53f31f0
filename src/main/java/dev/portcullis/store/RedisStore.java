package dev.portcullis.store;

import dev.portcullis.policy.SharedStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The shared store in Redis, through Lettuce's async API. The GCRA runs as one Lua script: one round
 * trip, atomic, and timed by the Redis server's clock so that instances' clocks don't matter. Lettuce
 * reconnects by itself after an outage; until then calls fail fast (the policy then decides).
 */
public final class RedisStore implements SharedStore, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisStore.class.getName());
    static final String GCRA = """
            local interval = tonumber(ARGV[1])
            local tolerance = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            if tat - now > tolerance then
              return {0, math.ceil((tat - now - tolerance) / 1000)}
            end
            local new = tat + interval
            redis.call('SET', KEYS[1], new, 'PX', math.ceil((new - now) / 1000) + 1000)
            return {1, 0}
            """;

    static final String QUOTA = """
            local used = redis.call('INCR', KEYS[1])
            if used == 1 then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end
            if used > tonumber(ARGV[1]) then
              redis.call('DECR', KEYS[1])
              return {0, used - 1}
            end
            return {1, used}
            """;

    private final RedisClient client;
    private final Duration timeout;
    private final String prefix;
    private final String where;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;

    private RedisStore(RedisClient client, Duration timeout, String prefix, String where) {
        this.client = client;
        this.timeout = timeout;
        this.prefix = prefix;
        this.where = where;
    }

    /**
     * Connects; when Redis can't be reached yet, the gateway starts anyway (shared limits are enforced
     * locally meanwhile) and a background thread keeps trying every second. The URL may carry a password,
     * and rediss:// for TLS.
     */
    public static RedisStore connect(String url, Duration timeout, String instancePrefix) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(io.lettuce.core.ClientOptions.builder()
                .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS) // fail fast while down
                .autoReconnect(true).build());
        RedisStore store = new RedisStore(client, timeout, instancePrefix, uri.getHost() + ":" + uri.getPort());
        if (!store.tryConnect()) {
            LOG.warning("shared store " + store.where + " is unreachable; shared limits are enforced on each instance until it answers");
            Thread t = new Thread(() -> {
                while (!store.closed && !store.tryConnect()) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "portcullis-store-connect");
            t.setDaemon(true);
            t.start();
        }
        return store;
    }

    private boolean tryConnect() {
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            c.setTimeout(timeout);
            connection = c;
            LOG.info(() -> "shared store: connected to " + where);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public CompletableFuture<long[]> gcra(String key, long intervalMicros, long toleranceMicros) {
        return run(GCRA, GCRA_SHA, prefix + key, Long.toString(intervalMicros), Long.toString(toleranceMicros));
    }

    private static final String GCRA_SHA = sha1(GCRA);
    private static final String QUOTA_SHA = sha1(QUOTA);

    /** EVALSHA (the script text is sent once per Redis server), falling back to EVAL after a NOSCRIPT. */
    private CompletableFuture<long[]> run(String script, String sha, String key, String... args) {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + where));
        }
        try {
            return c.async().<List<Long>>evalsha(sha, ScriptOutputType.MULTI, new String[] {key}, args).toCompletableFuture()
                    .handle((r, e) -> {
                        if (e == null) {
                            return CompletableFuture.completedFuture(r);
                        }
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                        if (cause instanceof io.lettuce.core.RedisNoScriptException) {
                            return c.async().<List<Long>>eval(script, ScriptOutputType.MULTI, new String[] {key}, args).toCompletableFuture();
                        }
                        return CompletableFuture.<List<Long>>failedFuture(cause);
                    })
                    .thenCompose(f -> f)
                    .thenApply(r -> new long[] {r.get(0), r.get(1)});
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String sha1(String script) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<long[]> quota(String key, long limit, long periodEndMillis) {
        return run(QUOTA, QUOTA_SHA, prefix + key + ":" + periodEndMillis, Long.toString(limit), Long.toString(periodEndMillis));
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
