package dev.portcullis.server;

import dev.portcullis.observe.Exchange;
import dev.portcullis.observe.Ids;
import dev.portcullis.observe.Recorder;
import dev.portcullis.pipeline.Runtime;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.upstream.UpstreamConnector;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * One client connection: turns each request head into a decision and then an {@link HttpCall} or a
 * {@link Tunnel}, one call at a time (pipelined requests wait their turn), and writes the gateway's
 * own error responses.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
    private final GatewayContext gw;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Runtime runtime;
    private HttpCall call;
    private boolean busy;
    private long lingering = -1; // >= 0 while discarding the rest of a refused request: bytes discarded so far
    private static final long LINGER_MS = 2000;
    private static final long LINGER_BYTES = 16L << 20;
    private boolean bodyless; // the current request declares no body: answering early leaves the connection usable
    private boolean clientKeepAlive; // the current request did not ask to close (Connection: close, HTTP/1.0)
    private boolean reading; // between a read's first channelRead and its channelReadComplete

    ProxyHandler(GatewayContext gw) { this.gw = gw; }

    Runtime runtime() { return runtime; }

    UpstreamConnector connector() { return gw.connector(); }

    Recorder recorder() { return gw.recorder(); }

    Set<String> redactedHeaders() { return gw.redactedHeaders(); }

    boolean draining() { return gw.draining(); }

    /** True while an exchange is in flight on this connection. */
    boolean busy() { return busy; }

    private LazyDeadline responseDeadline;
    private LazyDeadline keepAliveDeadline; // an idle keep-alive connection closes after timeouts.idle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.keepAliveDeadline = new LazyDeadline(ctx.executor(), () -> {
            if (!busy) {
                ctx.close();
            }
        });
        armKeepAlive();
        this.responseDeadline = new LazyDeadline(ctx.executor(), () -> {
            if (call != null) {
                call.responseTimedOut();
            }
        });
    }

    /** The subject of the caller's verified TLS certificate, or null (plain listener, or no certificate shown). */
    private javax.security.auth.x500.X500Principal tlsSubject() {
        io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            return (javax.security.auth.x500.X500Principal) ssl.engine().getSession().getPeerPrincipal();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private void armKeepAlive() { keepAliveDeadline.arm(gw.runtime().config().defaults().timeouts().idle().toMillis()); }

    /** True inside a read from the client: what a call writes upstream meanwhile is flushed at its end. */
    boolean inClientRead() { return reading; }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (call != null) {
            call.flushUpstream();
        }
        ctx.fireChannelReadComplete();
    }

    /** The connection's timer for timeouts.response, armed by the current call. */
    LazyDeadline responseDeadline() { return responseDeadline; }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        if (lingering >= 0) {
            if (msg instanceof HttpContent c) {
                lingering += c.content().readableBytes();
            }
            ReferenceCountUtil.release(msg);
            if (lingering > LINGER_BYTES) {
                ctx.close();
            }
            return;
        }
        if (busy) {
            if (call != null && !call.requestComplete() && msg instanceof HttpContent c && !(msg instanceof HttpRequest)) {
                call.clientContent(c);
                return;
            }
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg); // body of a request already answered
            return;
        }
        if (gw.auditBackedUp()) {
            waiting.addFirst(msg);
            ctx.channel().config().setAutoRead(false);
            gw.resumeWhenAuditDrains(() -> ctx.executor().execute(this::drainWaiting));
            return;
        }
        busy = true;
        gw.requestHeadReceived(ctx);
        runtime = gw.runtime();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        Exchange ex = new Exchange(Ids.requestId(), Ids.traceId(request.headers().get("traceparent")),
                remote == null ? null : dev.portcullis.net.Addresses.format(remote.getAddress()));
        ex.method = request.method().name();
        ex.requestHeaders = Headers.forAudit(request.headers(), gw.redactedHeaders());
        boolean complete = msg instanceof LastHttpContent;
        bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        if (complete) {
            ex.requestBytes = ((HttpContent) msg).content().readableBytes();
        }
        try {
            start(request, ex, complete, remote);
        } finally {
            if (complete) {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private void start(HttpRequest request, Exchange ex, boolean complete, InetSocketAddress remote) {
        int maxHeaders = runtime.config().listen().maxHeaders();
        ObsFoldGuard folds = ctx.pipeline().get(ObsFoldGuard.class);
        boolean folded = folds != null && folds.nextHeadFolded();
        ErrorCode framing = folded ? ErrorCode.BAD_REQUEST : FramingCheck.check(request, maxHeaders);
        if (framing != null) {
            String why = folded ? "a header line is continued on the next line (obs-fold); send each header on one line"
                    : FramingCheck.describe(request, maxHeaders);
            ex.fail(framing, null, why);
            sendError(ex, framing, why, false);
            return;
        }
        boolean connect = request.method().equals(HttpMethod.CONNECT);
        RequestTarget target;
        try {
            target = RequestTarget.parse(request.uri(), connect);
        } catch (RequestTarget.Invalid e) {
            rejectEarly(ex, ErrorCode.BAD_REQUEST, e.getMessage(), complete);
            return;
        }
        ex.kind = connect ? "connect" : target.form() == RequestTarget.Form.ORIGIN ? "reverse" : "forward";
        ex.client = runtime.clients().identify(remote.getAddress(), request.headers()::get, tlsSubject());
        CallPlan plan = CallPlanner.plan(runtime, request.method().name(), target, ex.client);
        if (plan instanceof CallPlan.Refuse refuse) {
            ex.route = refuse.route() == null ? null : refuse.route().name();
            if (target.form() != RequestTarget.Form.ORIGIN) {
                ex.url = connect ? target.host() + ":" + target.port() : (target.tls() ? "https://" : "http://")
                        + target.authority() + (target.query() == null ? target.path() : target.path() + "?" + target.query());
            }
            rejectEarly(ex, refuse.error(), refuse.message(), complete);
            return;
        }
        CallPlan.Go go = (CallPlan.Go) plan;
        ex.route = go.route().name();
        go.reported().forEach(r -> ex.report(r.policy(), r.error()));
        if (connect) {
            ex.url = go.host() + ":" + go.port();
            new Tunnel(this, ctx, ex, go, request.headers()).start();
            return;
        }
        ex.url = go.url();
        call = new HttpCall(this, ctx, ex, go, request, complete);
        call.start(HttpUtil.is100ContinueExpected(request));
    }

    /** A refusal before any call object exists; the rest of the request body is skipped or the connection closed. */
    private void rejectEarly(Exchange ex, ErrorCode error, String message, boolean complete) {
        ex.fail(error, null, message);
        boolean keepAlive = (complete || bodyless) && error != ErrorCode.BAD_REQUEST;
        sendError(ex, error, message, keepAlive);
    }

    /** Writes the gateway's JSON error, records the exchange, and then keeps or closes the connection. */
    void sendError(Exchange ex, ErrorCode error, String message, boolean keepAlive) {
        sendError(ex, error, message, keepAlive, java.util.Map.of());
    }

    void sendError(Exchange ex, ErrorCode error, String message, boolean keepAlive, java.util.Map<String, String> headers) {
        FullHttpResponse r = ErrorResponses.build(ctx.alloc(), error, message, ex.requestId);
        headers.forEach(r.headers()::set);
        ex.status = error.status();
        boolean keep = keepAlive && clientKeepAlive && !gw.draining();
        if (!keep) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ex.responseHeaders = Headers.forAudit(r.headers(), gw.redactedHeaders());
        ctx.writeAndFlush(r).addListener((ChannelFutureListener) f -> callDone(ex, keep && f.isSuccess()));
    }

    /** True when the current request has no body (nothing left to read before the next request). */
    boolean bodyless() { return bodyless; }

    /** The exchange ended: record it, then serve the next request or close. */
    void callDone(Exchange ex, boolean keepAlive) {
        boolean bodyStillComing = call != null && !call.requestComplete() && !bodyless;
        gw.recorder().finish(ex);
        call = null;
        busy = false;
        gw.exchangeEnded(ctx);
        if (!keepAlive) {
            if (bodyStillComing && ctx.channel() instanceof io.netty.channel.socket.DuplexChannel duplex) {
                linger(duplex);
            } else {
                ctx.close();
            }
            return;
        }
        armKeepAlive();
        drainWaiting();
        if ("connect".equals(ex.kind)) { // a refused CONNECT: what the client sent behind it is read as HTTP
            ObsFoldGuard guard = ctx.pipeline().get(ObsFoldGuard.class);
            if (guard != null) {
                guard.resumeHttp();
            }
        }
    }

    /**
     * The call was refused while the client was still sending its body. Closing now would make the kernel
     * reset the connection and the client would likely never read the refusal; so, as nginx's lingering
     * close does, the sending side is shut (the client sees the response, then the end), and what the
     * client still sends is read and dropped for a bounded time and size before the connection closes.
     */
    private void linger(io.netty.channel.socket.DuplexChannel duplex) {
        lingering = 0;
        duplex.shutdownOutput();
        duplex.config().setAutoRead(true);
        ctx.executor().schedule(() -> { ctx.close(); }, LINGER_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A tunnel took over the connection: this handler is no longer in the pipeline. */
    void tunnelStarted() {
        call = null;
        responseDeadline.cancel();
        keepAliveDeadline.cancel();
    }

    /** Both sides of the tunnel closed. */
    void tunnelEnded() {
        busy = false;
        gw.exchangeEnded(ctx);
    }

    private void drainWaiting() {
        while (!busy && !waiting.isEmpty()) {
            Object next = waiting.poll();
            if (next instanceof HttpRequest && gw.auditBackedUp()) {
                waiting.addFirst(next);
                gw.resumeWhenAuditDrains(() -> ctx.executor().execute(this::drainWaiting));
                return;
            }
            dispatch(next);
        }
        while (busy && call != null && !call.requestComplete() && !waiting.isEmpty() && !(waiting.peek() instanceof HttpRequest)) {
            call.clientContent((HttpContent) waiting.poll());
        }
        if (!busy && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (call != null) {
            call.clientWritable(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        responseDeadline.cancel();
        keepAliveDeadline.cancel();
        if (call != null) {
            call.clientClosed();
            call = null;
        }
        if (busy) {
            busy = false;
            gw.exchangeEnded(ctx);
        }
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            return; // reported through the decoder result of the request
        }
        ctx.close();
    }

    /** The decoder's verdict on a request head it could not parse: 400, 414 or 431, then close. */
    static ErrorCode decoderError(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return ErrorCode.URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return ErrorCode.HEADER_TOO_LARGE;
        }
        return ErrorCode.BAD_REQUEST;
    }
}
