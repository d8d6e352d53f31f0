package dev.portcullis.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.config.ConfigProblem;
import dev.portcullis.config.Secret;
import dev.portcullis.observe.EventRing;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** The admin API (contract §6). Small requests, answered from memory; reload runs off the event loop. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final AdminBackend backend;
    private final Secret token;
    private final java.util.concurrent.Executor blocking;

    AdminHandler(AdminBackend backend, Secret token, java.util.concurrent.Executor blocking) {
        this.backend = backend;
        this.token = token;
        this.blocking = blocking;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        HttpMethod m = req.method();
        if (path.equals("/healthz")) {
            send(ctx, keepAlive, 200, "application/json", "{\"status\":\"ok\"}");
            return;
        }
        if (path.equals("/readyz")) {
            boolean ready = backend.ready();
            send(ctx, keepAlive, ready ? 200 : 503, "application/json", ready ? "{\"status\":\"ready\"}" : "{\"status\":\"draining\"}");
            return;
        }
        if (!authorized(req)) {
            FullHttpResponse r = response(401, "application/json",
                    "{\"error\":\"unauthorized\",\"message\":\"send Authorization: Bearer <admin.token>\"}");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"portcullis-admin\"");
            write(ctx, keepAlive, r);
            return;
        }
        switch (path) {
            case "/metrics" -> send(ctx, keepAlive, 200, "text/plain; version=0.0.4; charset=utf-8", backend.metrics());
            case "/api/v1/config" -> send(ctx, keepAlive, 200, "application/json",
                    ConfigJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(backend.config()));
            case "/api/v1/events" -> send(ctx, keepAlive, 200, "application/json", events(q));
            case "/api/v1/quotas" -> send(ctx, keepAlive, 200, "application/json",
                    ConfigJson.MAPPER.writeValueAsString(java.util.Map.of("quotas", backend.usage())));
            case "/api/v1/reload" -> {
                if (!m.equals(HttpMethod.POST)) {
                    send(ctx, keepAlive, 405, "application/json", "{\"error\":\"method_not_allowed\",\"message\":\"use POST\"}");
                    return;
                }
                blocking.execute(() -> {
                    List<ConfigProblem> problems = backend.reload();
                    ctx.executor().execute(() -> reloaded(ctx, keepAlive, problems));
                });
            }
            case "/", "/index.html" -> send(ctx, keepAlive, 200, "text/html; charset=utf-8", Dashboard.html());
            default -> send(ctx, keepAlive, 404, "application/json", "{\"error\":\"not_found\",\"message\":\"no admin endpoint "
                    + ConfigJson.MAPPER.writeValueAsString(path) + "\"}");
        }
    }

    private void reloaded(ChannelHandlerContext ctx, boolean keepAlive, List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            send(ctx, keepAlive, 200, "application/json", "{\"status\":\"reloaded\"}");
            return;
        }
        ObjectNode body = ConfigJson.MAPPER.createObjectNode().put("error", "invalid_config");
        ArrayNode list = body.putArray("problems");
        problems.forEach(p -> list.addObject().put("path", p.path()).put("line", p.line()).put("column", p.column())
                .put("message", p.message()));
        send(ctx, keepAlive, 422, "application/json", body.toString());
    }

    private String events(QueryStringDecoder q) {
        int limit = 100;
        List<String> l = q.parameters().get("limit");
        if (l != null && !l.isEmpty()) {
            try {
                limit = Math.max(1, Math.min(10_000, Integer.parseInt(l.get(0))));
            } catch (NumberFormatException ignored) {
                // keep the default
            }
        }
        Predicate<EventRing.Event> filter = r -> true;
        String decision = first(q, "decision");
        String route = first(q, "route");
        if (decision != null) {
            filter = filter.and(r -> decision.equals(r.decision()));
        }
        if (route != null) {
            filter = filter.and(r -> route.equals(r.route()));
        }
        StringBuilder out = new StringBuilder("{\"events\":[");
        List<EventRing.Event> recent = backend.events().recent(limit, filter);
        for (int i = 0; i < recent.size(); i++) {
            out.append(i == 0 ? "" : ",").append(recent.get(i).jsonText());
        }
        return out.append("]}").toString();
    }

    private static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private boolean authorized(FullHttpRequest req) {
        if (token == null) {
            return true;
        }
        String h = Objects.requireNonNullElse(req.headers().get(HttpHeaderNames.AUTHORIZATION), "");
        String expected = "Bearer " + token.reveal();
        return MessageDigest.isEqual(h.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse response(int status, String type, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, int status, String type, String body) {
        write(ctx, keepAlive, response(status, type, body));
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse r) {
        HttpUtil.setKeepAlive(r, keepAlive);
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
