package dev.portcullis.server;

import dev.portcullis.observe.Exchange;
import dev.portcullis.pipeline.Route;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.MutableHeaders;
import dev.portcullis.policy.RequestView;
import dev.portcullis.upstream.Destination;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * A CONNECT tunnel: after the destination passed the route and the SSRF guard, answer 200 and relay
 * bytes both ways until either side closes. One audit record when both sides are closed.
 */
final class Tunnel {
    private final ProxyHandler conn;
    private final ChannelHandlerContext ctx;
    private final Exchange ex;
    private final CallPlan.Go plan;
    private final Route route;
    private Relay fromClient;
    private Relay fromUpstream;
    private final io.netty.handler.codec.http.HttpHeaders requestHeaders;
    private int closed;
    private final RequestView view;

    Tunnel(ProxyHandler conn, ChannelHandlerContext ctx, Exchange ex, CallPlan.Go plan,
            io.netty.handler.codec.http.HttpHeaders requestHeaders) {
        this.requestHeaders = requestHeaders;
        this.conn = conn;
        this.ctx = ctx;
        this.ex = ex;
        this.plan = plan;
        this.route = plan.route();
        this.view = new ConnectView();
    }

    void start() {
        ctx.channel().config().setAutoRead(false);
        var outcome = route.policies().onRequest(view, ex::report).toCompletableFuture();
        outcome.whenComplete((o, e) -> ctx.executor().execute(() -> {
            if (e != null || (o != null && o.deny() != null)) {
                route.policies().onEnd(view);
                ErrorCode code = o != null ? o.deny().error() : ErrorCode.UPSTREAM_UNAVAILABLE;
                String message = o != null ? o.deny().message() : "a policy failed: " + e.getMessage();
                ex.fail(code, o == null ? null : o.policy(), message);
                conn.sendError(ex, code, message, true);
                return;
            }
            connect();
        }));
    }

    private void connect() {
        Destination d = new Destination(route, plan.host(), plan.port(), null, java.util.Set.of(), route.timeouts().connect(),
                route.timeouts().idle(), conn.runtime().guard(), route.allowNetworks(),
                why -> ex.report("network", ErrorCode.NETWORK_DENIED));
        ex.upstreamStarted();
        conn.connector().raw(ctx.channel().eventLoop(), d, this::connected, f -> {
            route.policies().onEnd(view);
            ex.fail(f.error(), null, f.message());
            conn.sendError(ex, f.error(), f.message(), true);
        });
    }

    private void connected(Channel upstream, String address) {
        ex.upstreamAddress = address;
        ex.upstreamResponded();
        ex.status = 200;
        if (!ctx.channel().isActive()) {
            upstream.close();
            route.policies().onEnd(view);
            ex.aborted = "client closed the connection before the tunnel opened";
            conn.recorder().finish(ex);
            return;
        }
        FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(200, "Connection Established"));
        ok.headers().set(ErrorResponses.REQUEST_ID_HEADER, ex.requestId);
        ex.responseHeaders = Headers.forAudit(ok.headers(), conn.redactedHeaders());
        ctx.writeAndFlush(ok).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                upstream.close();
                route.policies().onEnd(view);
                conn.recorder().finish(ex);
                return;
            }
            splice(upstream);
        });
    }

    /** Replaces the HTTP handlers on the client connection with a byte relay. */
    private void splice(Channel upstream) {
        long idle = route.timeouts().idle().toMillis();
        fromClient = new Relay(upstream, this::sideClosed);
        fromUpstream = new Relay(ctx.channel(), this::sideClosed);
        upstream.pipeline().addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        upstream.pipeline().addLast("relay", fromUpstream);
        ChannelPipeline p = ctx.pipeline();
        p.addLast("tunnel-idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        p.addLast("relay", fromClient);
        conn.tunnelStarted();
        ObsFoldGuard guard = p.get(ObsFoldGuard.class);
        java.util.List<io.netty.buffer.ByteBuf> early = guard == null ? java.util.List.of() : guard.takeTunnelBytes();
        p.remove(conn);
        ServerInitializer.removeHttpHandlers(p);
        early.forEach(b -> fromClient.channelRead(p.context(fromClient), b)); // sent behind the CONNECT head: first through
        ctx.channel().config().setAutoRead(true);
        upstream.config().setAutoRead(true);
        ctx.channel().read();
    }

    private void sideClosed() {
        if (++closed < 2) {
            return;
        }
        route.policies().onEnd(view);
        ex.requestBytes = fromClient.bytes();
        ex.responseBytes = fromUpstream.bytes();
        conn.recorder().finish(ex);
        conn.tunnelEnded();
    }

    /** The CONNECT request as policies see it (there is no path or body). */
    private final class ConnectView implements RequestView {
        private final MutableHeaders headers = new NettyHeaders(requestHeaders);

        @Override public String method() { return "CONNECT"; }

        @Override public String path() { return null; }

        @Override public String query() { return null; }

        @Override public String host() { return plan.host(); }

        @Override public int port() { return plan.port(); }

        @Override public MutableHeaders headers() { return headers; }

        @Override public String client() { return plan.client(); }

        @Override public String route() { return route.name(); }
    }
}
