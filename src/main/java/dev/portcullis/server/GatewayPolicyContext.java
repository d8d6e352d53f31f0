package dev.portcullis.server;

import dev.portcullis.net.Cidr;
import dev.portcullis.net.HostPatterns;
import dev.portcullis.net.NetworkGuard;
import dev.portcullis.net.NetworkRule;
import dev.portcullis.policy.PolicyContext;
import dev.portcullis.upstream.ConnectFailure;
import dev.portcullis.upstream.Destination;
import dev.portcullis.upstream.TlsContexts;
import dev.portcullis.upstream.UpstreamConnector;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Policies' own outbound calls (token endpoints), made with the gateway's connector: the host is
 * resolved once, every address checked by the current SSRF guard, TLS verified. One connection per call
 * (token requests are rare), replies read whole up to 1 MiB.
 */
final class GatewayPolicyContext implements PolicyContext {
    private static final int MAX_REPLY = 1 << 20;

    private final UpstreamConnector connector;
    private final EventLoopGroup loops;
    private final Supplier<NetworkGuard> guard;
    private final Clock clock;
    private final Map<Path, SslContext> tls = new ConcurrentHashMap<>();
    private final Object owner = new Object();
    private final dev.portcullis.observe.Metrics metrics;
    private volatile dev.portcullis.store.RedisStore store;
    private volatile dev.portcullis.config.GatewayConfig.Store storeConfig;

    /** The shared store, connected at start (a store added or changed by a reload needs a restart). */
    void useStore(dev.portcullis.store.RedisStore store, dev.portcullis.config.GatewayConfig.Store config) {
        this.store = store;
        this.storeConfig = config;
    }

    @Override public dev.portcullis.policy.SharedStore store() { return store; }

    @Override public Duration storeTimeout() { return storeConfig == null ? Duration.ofMillis(50) : storeConfig.timeout(); }

    @Override public boolean allowOnStoreFailure() {
        return storeConfig == null || storeConfig.onStoreFailure() == dev.portcullis.config.GatewayConfig.StoreFailure.ALLOW;
    }

    GatewayPolicyContext(UpstreamConnector connector, EventLoopGroup loops, Supplier<NetworkGuard> guard, Clock clock,
            dev.portcullis.observe.Metrics metrics) {
        this.metrics = metrics;
        this.connector = connector;
        this.loops = loops;
        this.guard = guard;
        this.clock = clock;
    }

    @Override public Clock clock() { return clock; }

    @Override public void countEvent(String policy, String event) { metrics.policyEvent(policy, event); }

    @Override public void gauge(String metric, String policy, String key, java.util.function.Supplier<Number> value) {
        metrics.policyGauge(metric, policy, key, value);
    }

    @Override
    public CompletableFuture<Reply> postForm(URI url, Map<String, String> headers, String form, Path caFile,
            List<String> allowNetworks, Duration timeout) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        boolean https = url.getScheme().equalsIgnoreCase("https");
        String host = HostPatterns.normaliseName(url.getHost());
        if (host == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("invalid host in " + url));
        }
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        SslContext ssl;
        try {
            ssl = !https ? null : tls.computeIfAbsent(caFile == null ? Path.of("") : caFile, p -> build(caFile));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<NetworkRule> allow = allowNetworks.stream().map(Cidr::parse).filter(c -> c != null).map(NetworkRule::anyPort).toList();
        Destination d = new Destination(owner, host, port, ssl, Set.of(), timeout, timeout, guard.get(), allow, why -> { });
        var loop = loops.next();
        connector.raw(loop, d, (Channel ch, String address) -> send(ch, url, host, port, https, headers, form, timeout, reply),
                (ConnectFailure f) -> reply.completeExceptionally(new IllegalStateException(f.message())));
        return reply;
    }

    private SslContext build(Path caFile) {
        try {
            return caFile == null ? TlsContexts.systemTrust()
                    : TlsContexts.forRoute(new dev.portcullis.config.GatewayConfig.Tls(caFile, null, null, "TLSv1.2", List.of()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot use " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static void send(Channel ch, URI url, String host, int port, boolean https, Map<String, String> headers, String form,
            Duration timeout, CompletableFuture<Reply> reply) {
        ch.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS), new HttpClientCodec(),
                new HttpObjectAggregator(MAX_REPLY), new SimpleChannelInboundHandler<FullHttpResponse>() {
                    @Override protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                        Map<String, String> h = new HashMap<>();
                        r.headers().forEach(e -> h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
                        byte[] body = new byte[r.content().readableBytes()];
                        r.content().getBytes(r.content().readerIndex(), body);
                        reply.complete(new Reply(r.status().code(), h, body));
                        ctx.close();
                    }

                    @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        reply.completeExceptionally(cause instanceof io.netty.handler.timeout.ReadTimeoutException
                                ? new IllegalStateException("no answer within " + timeout.toMillis() + "ms") : cause);
                        ctx.close();
                    }

                    @Override public void channelInactive(ChannelHandlerContext ctx) {
                        reply.completeExceptionally(new IllegalStateException("the connection closed before a reply"));
                    }
                });
        byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        var req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(bytes));
        req.headers().set(HttpHeaderNames.HOST, dev.portcullis.net.Addresses.authority(host, port, https))
                .set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .set(HttpHeaderNames.ACCEPT, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CONNECTION, "close");
        headers.forEach(req.headers()::set);
        ch.writeAndFlush(req);
    }
}
