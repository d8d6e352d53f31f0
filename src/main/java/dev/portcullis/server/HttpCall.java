package dev.portcullis.server;

import dev.portcullis.observe.Exchange;
import dev.portcullis.pipeline.BodyChecks;
import dev.portcullis.pipeline.PolicyChain;
import dev.portcullis.pipeline.Route;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.upstream.ConnectFailure;
import dev.portcullis.upstream.Destination;
import dev.portcullis.upstream.UpstreamHandler;
import dev.portcullis.upstream.UpstreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One proxied HTTP exchange (reverse or forward), from the allowed request head to the last response
 * byte. Runs entirely on the client connection's event loop; the upstream connection shares it.
 * Bodies stream: client reads pause while the upstream is not writable, and upstream reads pause while
 * the client is not writable.
 */
final class HttpCall implements UpstreamListener {
    private static final Logger LOG = Logger.getLogger(HttpCall.class.getName());

    private final ProxyHandler conn;
    private final ChannelHandlerContext ctx;
    private final Exchange ex;
    private final CallPlan.Go plan;
    private final Route route;
    private final boolean clientKeepAlive;
    private final OutboundRequest outbound;
    private final HttpRequest upstreamRequest;
    private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>();
    private boolean requestComplete;
    private Channel upstream;
    private UpstreamHandler upstreamHandler;
    private boolean headSent;
    private boolean upstreamUnflushed; // written upstream during the client's current read, flushed when it ends
    private boolean responseStarted;
    private boolean responseBodyless;
    private boolean upstreamKeepAlive;
    private boolean ended;
    private static final int MAX_ATTEMPTS = 10; // whatever policies ask, a call is sent at most this often
    private boolean policiesStarted; // the request phase began: the policies hear about the end, once
    private boolean policiesEnded;
    private BodyChecks bodyChecks; // streaming checks on the request body (payload-limits)
    private BodyBuffer requestBuffer;   // set while the request body is being held for the policies
    private HeldResponse held;          // set while the response is held for the policies
    private PolicyBody responseBody;    // what the response policies see of the body (null: it streams)
    private boolean responseUnseen;     // declared too large for the policies: streams on, unseen

    HttpCall(ProxyHandler conn, ChannelHandlerContext ctx, Exchange ex, CallPlan.Go plan, HttpRequest clientRequest,
            boolean requestComplete) {
        this.conn = conn;
        this.ctx = ctx;
        this.ex = ex;
        this.plan = plan;
        this.route = plan.route();
        this.clientKeepAlive = HttpUtil.isKeepAlive(clientRequest);
        this.requestComplete = requestComplete;
        this.outbound = new OutboundRequest(plan, clientRequest, conn.runtime().clients().identityHeaders(), ex);
        this.upstreamRequest = outbound.head();
    }

    // ---- request phase --------------------------------------------------------------------------

    /** Runs the request policies, then connects. The client is not read while this is under way. */
    void start(boolean expectContinue) {
        long declared = HttpUtil.getContentLength(upstreamRequest, -1L);
        if (declared > route.maxRequestBody()) {
            fail(ErrorCode.PAYLOAD_TOO_LARGE, null, "request body of " + declared + " bytes exceeds the limit of "
                    + route.maxRequestBody() + " bytes on route '" + route.name() + "'");
            return;
        }
        if (!requestComplete && !conn.bodyless()) {
            bodyChecks = route.policies().bodyChecks(outbound, ex::report);
        }
        if (route.buffersRequest()) {
            if (declared > route.bufferRequestBody() && !route.passesUnseenRequest()) {
                fail(ErrorCode.PAYLOAD_TOO_LARGE, null, tooLargeToInspect("request", declared, route.bufferRequestBody()));
                return;
            }
            if (declared > route.bufferRequestBody()) {
                outbound.markBodyUnseen(); // too large to inspect, and every policy that asked lets it pass
            } else if (!requestComplete && !conn.bodyless()) {
                // read the whole body first; the policies run when it is complete (see clientContent)
                requestBuffer = new BodyBuffer(ctx.alloc(), route.bufferRequestBody());
                if (expectContinue) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
                return;
            } else {
                outbound.holdEmptyBody();
            }
        }
        // body bytes that come before the upstream is ready wait in pendingBody, and client reads pause then
        // (see clientContent): not paused up front, since a pooled connection is usually ready at once
        runRequestPolicies(expectContinue);
    }

    private String tooLargeToInspect(String what, long size, long limit) {
        return what + " body" + (size >= 0 ? " of " + size + " bytes" : "") + " is larger than the " + limit
                + " bytes the policies on route '" + route.name() + "' may inspect";
    }

    /** The held request body is complete: frame it with a Content-Length and let the policies see it. */
    private void requestBodyHeld() {
        ByteBuf whole = requestBuffer.take();
        outbound.holdBody(whole); // the policies read it where it lies; copied only for one that asks for an array
        pendingBody.add(new DefaultLastHttpContent(whole));
        requestBuffer = null;
        // reads go on: the request is complete, so whatever comes next is a pipelined request, which the
        // connection queues (and then pauses reads) until this call is over
        runRequestPolicies(false);
    }

    /**
     * The held request body grew past the policies' bound, and they let it pass unseen: what was held goes
     * first, the rest streams after it with the client's own framing.
     */
    private void requestBodyUnseen(HttpContent content) {
        outbound.markBodyUnseen();
        pendingBody.add(new DefaultHttpContent(requestBuffer.take()));
        requestBuffer = null;
        pendingBody.add(content);
        ctx.channel().config().setAutoRead(false);
        runRequestPolicies(false);
    }

    /** Tells the route's policies, once, that this call is over (concurrency slots are given back here). */
    private void endPolicies() {
        if (policiesStarted && !policiesEnded) {
            policiesEnded = true;
            route.policies().onEnd(outbound);
        }
    }

    private void runRequestPolicies(boolean expectContinue) {
        policiesStarted = true;
        CompletionStage<PolicyChain.Outcome> stage = route.policies().onRequest(outbound, ex::report);
        onLoop(stage, outcome -> {
            ex.storeFailure |= outbound.storeFailure();
            if (outcome != null && outcome.deny() != null) {
                fail(outcome.deny().error(), outcome.policy(), outcome.deny().message(), outcome.deny().headers());
                return;
            }
            ex.credentials = route.policies().credentialPolicies();
            if (outbound.takeBodyReplaced()) { // e.g. redacted: the new body goes instead of the held one
                ByteBuf next = EditedBody.toSend(ctx.alloc(), outbound.held(), pendingBody.size() == 1
                        ? pendingBody.peek().content() : null); // edits: the rest goes from the client's own buffers
                while (!pendingBody.isEmpty()) {
                    pendingBody.poll().release();
                }
                pendingBody.add(new DefaultLastHttpContent(next));
            }
            if (expectContinue) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            connect();
        });
    }

    private void connect() {
        Destination d = new Destination(route, plan.host(), plan.port(), plan.tls() ? route.tls() : null, route.pinSha256(),
                route.timeouts().connect(), route.timeouts().idle(), conn.runtime().guard(), route.allowNetworks(),
                why -> ex.report("network", ErrorCode.NETWORK_DENIED));
        ex.upstreamStarted();
        conn.connector().http(ctx.channel().eventLoop(), d, this, new dev.portcullis.upstream.UpstreamConnector.Callback() {
            @Override public void connected(Channel ch, UpstreamHandler handler, String address) {
                if (ended) {
                    handler.release(ch.pipeline().context(handler), false);
                    return;
                }
                upstream = ch;
                upstreamHandler = handler;
                ex.upstreamAddress = address;
                sendHead();
            }

            @Override public void failed(ConnectFailure f) { fail(f.error(), null, f.message()); }
        });
    }

    private void sendHead() {
        headSent = true;
        upstream.write(upstreamRequest);
        while (!pendingBody.isEmpty()) {
            upstream.write(pendingBody.poll());
        }
        flushUpstreamSoon();
        upstreamHandler.touch();
        conn.responseDeadline().arm(route.timeouts().response().toMillis());
        if (!requestComplete) {
            ctx.channel().config().setAutoRead(upstream.isWritable());
        }
    }

    /**
     * Within a read from the client, writes to the upstream are flushed once, when the read ends: the head
     * and the body bytes that came with it leave in one send, not one send each.
     */
    private void flushUpstreamSoon() {
        if (conn.inClientRead()) {
            upstreamUnflushed = true;
        } else {
            upstream.flush();
        }
    }

    /** The client's read ended: sends what this call wrote upstream during it. */
    void flushUpstream() {
        if (upstreamUnflushed) {
            upstreamUnflushed = false;
            upstream.flush();
        }
    }

    /** A piece of the request body from the client. */
    void clientContent(HttpContent content) {
        if (ended) {
            content.release();
            return;
        }
        ex.requestBytes += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
        }
        if (ex.requestBytes > route.maxRequestBody()) {
            content.release();
            fail(ErrorCode.PAYLOAD_TOO_LARGE, null, "request body exceeds the limit of " + route.maxRequestBody()
                    + " bytes on route '" + route.name() + "'");
            return;
        }
        if (bodyChecks != null) {
            var refused = bodyChecks.content(content.content().nioBuffer(), last);
            if (refused != null) {
                content.release();
                fail(refused.deny().error(), refused.policy(), refused.deny().message());
                return;
            }
        }
        if (requestBuffer != null) {
            if (!requestBuffer.fits(content) && route.passesUnseenRequest()) {
                requestBodyUnseen(content);
            } else if (!requestBuffer.add(content)) {
                fail(ErrorCode.PAYLOAD_TOO_LARGE, null, tooLargeToInspect("request", -1, requestBuffer.limit()));
            } else if (last) {
                requestBodyHeld();
            }
            return;
        }
        if (!headSent) {
            pendingBody.add(content);
            ctx.channel().config().setAutoRead(false); // no more until the upstream is ready (sendHead resumes)
            return;
        }
        upstream.write(content);
        flushUpstreamSoon();
        upstreamHandler.touch();
        if (!last && !upstream.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    boolean requestComplete() { return requestComplete; }

    // ---- response phase -------------------------------------------------------------------------

    @Override
    public void upstreamRead(HttpObject msg) {
        if (ended) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            String problem = FramingCheck.responseProblem(response);
            if (problem != null) {
                ReferenceCountUtil.release(msg);
                fail(ErrorCode.UPSTREAM_UNAVAILABLE, null, "the response from " + plan.authority() + " " + problem
                        + "; nothing of it was passed on");
                return;
            }
            if (response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                ReferenceCountUtil.release(msg);
                return; // interim responses (100, 103) are not relayed; the final one follows
            }
            cancelTimer();
            ex.upstreamResponded();
            onResponseHead(response);
        }
        if (msg instanceof HttpContent content) {
            onResponseContent(content);
        }
    }

    private void onResponseHead(HttpResponse response) {
        ex.status = response.status().code();
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        long declared = HttpUtil.getContentLength(response, -1L);
        if (declared > route.maxResponseBody()) {
            fail(ErrorCode.PAYLOAD_TOO_LARGE, null, "upstream response body of " + declared + " bytes exceeds maxResponseBody ("
                    + route.maxResponseBody() + " bytes) on route '" + route.name() + "'");
            return;
        }
        var h = response.headers();
        boolean hasLength = h.contains(HttpHeaderNames.CONTENT_LENGTH);
        HopByHop.strip(h);
        h.remove(ErrorResponses.ERROR_HEADER);
        int code = response.status().code();
        responseBodyless = upstreamRequest.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        if (route.buffersResponse() && !responseBodyless) {
            if (declared > route.bufferResponseBody() && !route.passesUnseenResponse()) {
                fail(ErrorCode.PAYLOAD_TOO_LARGE, null, tooLargeToInspect("upstream response", declared, route.bufferResponseBody()));
                return;
            }
            if (declared > route.bufferResponseBody()) {
                responseUnseen = true; // too large to inspect, and every policy that asked lets it pass: it streams
                decideResponse(response, hasLength);
                return;
            }
            // the policies decide once the whole body is here (see onResponseContent)
            held = new HeldResponse(response, hasLength, new BodyBuffer(ctx.alloc(), route.bufferResponseBody()),
                    route.passesUnseenResponse());
            return;
        }
        if (route.buffersResponse()) {
            responseBody = new PolicyBody(new byte[0]);
        }
        decideResponse(response, hasLength);
    }

    /** Runs the response policies on the head (and the held body, if any), then sends the head to the client. */
    private void decideResponse(HttpResponse response, boolean hasLength) {
        var h = response.headers();
        int code = response.status().code();
        HttpResponse toClient = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), h);
        InboundResponse view = new InboundResponse(code, h, outbound, ex, responseBody,
                responseUnseen || (held != null && held.unseen()));
        CompletionStage<PolicyChain.Outcome> stage = route.policies().onResponse(view, ex::report);
        boolean paused = !stage.toCompletableFuture().isDone();
        if (paused) {
            upstream.config().setAutoRead(false); // no body bytes until the policies decided on the head
        }
        onLoop(stage, outcome -> {
            if (outcome != null && outcome.retry() != null && replayable()) {
                retry(outcome.retry());
                return;
            }
            if (outcome != null && outcome.deny() != null) {
                fail(outcome.deny().error(), outcome.policy(), outcome.deny().message());
                return;
            }
            h.set(ErrorResponses.REQUEST_ID_HEADER, ex.requestId);
            if (!hasLength && !responseBodyless) {
                HttpUtil.setTransferEncodingChunked(toClient, true);
            }
            if (!keepClientAlive()) {
                h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ex.responseHeaders = Headers.forAudit(h, conn.redactedHeaders());
            responseStarted = true;
            if (held != null) {
                HeldResponse whole = held;
                held = null;
                if (whole.unseen()) {
                    sendUnseenResponse(toClient, whole);
                    return;
                }
                ctx.write(toClient);
                PolicyBody changed = view.changedBody();
                if (changed != null) {
                    ByteBuf arrived = whole.take();
                    ByteBuf next = EditedBody.toSend(ctx.alloc(), changed, arrived);
                    arrived.release();
                    finishResponse(new DefaultLastHttpContent(next));
                } else {
                    finishResponse(new DefaultLastHttpContent(whole.take()));
                }
                return;
            }
            if (paused) {
                ctx.writeAndFlush(toClient);
                upstream.config().setAutoRead(ctx.channel().isWritable());
            } else {
                ctx.write(toClient); // flushed with the body, at the end of this upstream read
            }
        });
    }

    /** The policies let a response too large for them pass: head, what was held, then the rest as it comes. */
    private void sendUnseenResponse(HttpResponse toClient, HeldResponse unseen) {
        ctx.write(toClient);
        if (unseen.complete()) {
            finishResponse(new DefaultLastHttpContent(unseen.take()));
            return;
        }
        ctx.writeAndFlush(new DefaultHttpContent(unseen.take()));
        upstream.config().setAutoRead(ctx.channel().isWritable());
    }

    private void onResponseContent(HttpContent content) {
        if (held != null && !responseStarted) {
            ex.responseBytes += content.content().readableBytes();
            switch (held.add(content)) {
                case HOLDING -> { }
                case WENT_UNSEEN -> {
                    upstream.config().setAutoRead(false);
                    decideResponse(held.head(), held.hasLength());
                }
                case TOO_LARGE -> fail(ErrorCode.PAYLOAD_TOO_LARGE, null,
                        tooLargeToInspect("upstream response", -1, held.limit()));
                case COMPLETE -> {
                    responseBody = held.completeBody();
                    decideResponse(held.head(), true);
                }
            }
            return;
        }
        if (!responseStarted) {
            content.release();
            return;
        }
        ex.responseBytes += content.content().readableBytes();
        if (ex.responseBytes > route.maxResponseBody()) {
            content.release();
            abort(ErrorCode.PAYLOAD_TOO_LARGE, "upstream response exceeded maxResponseBody (" + route.maxResponseBody()
                    + " bytes); the connection was cut");
            return;
        }
        if (!(content instanceof LastHttpContent)) {
            ctx.write(content); // flushed in upstreamReadComplete: one syscall per read, not per chunk
            if (!ctx.channel().isWritable()) {
                upstream.config().setAutoRead(false);
            }
            return;
        }
        finishResponse((LastHttpContent) content);
    }

    /** The last piece of the response: give the upstream connection back, then end the exchange once it is written. */
    private void finishResponse(LastHttpContent content) {
        boolean reusable = upstreamKeepAlive && requestComplete;
        ended = true;
        endPolicies();
        outbound.releaseBody();
        releaseResponseBody();
        upstreamHandler.release(upstream.pipeline().context(upstreamHandler), reusable);
        boolean keep = keepClientAlive();
        ctx.writeAndFlush(content).addListener((ChannelFutureListener) f -> {
            conn.callDone(ex, keep && f.isSuccess());
        });
    }

    /** Can the request be sent again? Only once, and only when its whole body is still at hand (none, or held). */
    private boolean replayable() {
        return outbound.attempt() < MAX_ATTEMPTS && requestComplete && (conn.bodyless() || outbound.held() != null);
    }

    /**
     * Drops this response and its connection, then runs the request phase again and sends the request
     * anew (a policy asked for it, e.g. after a 401 to a cached token). The audit record counts attempts.
     */
    private void retry(dev.portcullis.policy.Verdict.Retry why) {
        outbound.nextAttempt();
        ex.attempts = outbound.attempt();
        cancelTimer();
        if (held != null) {
            held.release();
            held = null;
        }
        releaseResponseBody();
        responseUnseen = false;
        ex.responseBytes = 0;
        ex.upstreamMs = null;
        if (upstream != null) {
            upstreamHandler.release(upstream.pipeline().context(upstreamHandler), false);
        }
        upstream = null;
        upstreamHandler = null;
        headSent = false;
        while (!pendingBody.isEmpty()) { // not sent yet (the connect failed): replaced by the replay below
            pendingBody.poll().release();
        }
        byte[] body = outbound.body();
        pendingBody.add(body == null || body.length == 0 ? LastHttpContent.EMPTY_LAST_CONTENT
                : new DefaultLastHttpContent(Unpooled.wrappedBuffer(body)));
        long delay = why.after().toMillis();
        if (delay <= 0) {
            runRequestPolicies(false);
            return;
        }
        ctx.executor().schedule(() -> {
            if (!ended) {
                runRequestPolicies(false);
            }
        }, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private boolean keepClientAlive() { return clientKeepAlive && requestComplete && !conn.draining(); }

    // ---- backpressure ---------------------------------------------------------------------------

    @Override
    public void upstreamReadComplete() {
        if (responseStarted && !ended) {
            ctx.flush();
        }
    }

    @Override
    public void upstreamWritable(boolean writable) {
        if (!requestComplete && !ended && headSent) {
            ctx.channel().config().setAutoRead(writable);
        }
    }

    void clientWritable(boolean writable) {
        if (upstream != null && responseStarted && !ended) {
            upstream.config().setAutoRead(writable);
        }
    }

    // ---- failures -------------------------------------------------------------------------------

    @Override
    public void upstreamFailed(Throwable cause) {
        ConnectFailure f = ConnectFailure.of(cause, plan.authority());
        if (responseStarted) {
            abort(f.error(), f.message());
        } else {
            fail(f.error(), null, f.message());
        }
    }

    @Override
    public void upstreamIdle() {
        String why = "no traffic from or to " + plan.authority() + " for " + route.timeouts().idle().toMillis() + "ms (timeouts.idle)";
        if (responseStarted) {
            abort(ErrorCode.UPSTREAM_TIMEOUT, why);
        } else {
            fail(ErrorCode.UPSTREAM_TIMEOUT, null, why);
        }
    }

    /** The client went away mid-call: drop the upstream connection and record what happened. */
    void clientClosed() {
        if (ended) {
            return;
        }
        ex.aborted = "client closed the connection before the response ended";
        finishAbnormally();
        conn.recorder().finish(ex);
    }

    /** Refuses or fails the call before its response has started: a JSON error to the client. */
    void fail(ErrorCode error, String policy, String message) {
        fail(error, policy, message, java.util.Map.of());
    }

    /** As fail, with headers for the refusal (Retry-After, RateLimit, ...). */
    void fail(ErrorCode error, String policy, String message, java.util.Map<String, String> headers) {
        if (ended) {
            return;
        }
        if (responseStarted) {
            abort(error, message);
            return;
        }
        if (policy == null && (error == ErrorCode.UPSTREAM_UNAVAILABLE || error == ErrorCode.UPSTREAM_TIMEOUT)
                && policiesStarted && replayable()) {
            var again = route.policies().onUpstreamFailure(outbound, error, message);
            if (again != null) {
                retry(again);
                return;
            }
        }
        answerError(error, policy, message, headers);
    }

    private void answerError(ErrorCode error, String policy, String message, java.util.Map<String, String> headers) {
        ex.fail(error, policy, message);
        finishAbnormally();
        conn.sendError(ex, error, message, (requestComplete || conn.bodyless()) && clientKeepAlive, headers);
    }

    /**
     * A step of this call threw (a bug in the gateway or a policy): the call ends with a 502 (or a cut
     * connection once the response started) and its audit record, instead of leaving the client waiting.
     */
    private void internalError(RuntimeException e) {
        LOG.log(Level.SEVERE, "call " + ex.requestId + " on route '" + route.name() + "' failed inside the gateway;"
                + " it was answered with 502 upstream_unavailable. Please report this with the stack trace", e);
        if (ended) {
            return;
        }
        String message = "the gateway failed while handling this call (" + e.getClass().getSimpleName()
                + "); it is logged under this request id";
        if (responseStarted) {
            abort(ErrorCode.UPSTREAM_UNAVAILABLE, message);
        } else {
            answerError(ErrorCode.UPSTREAM_UNAVAILABLE, null, message, java.util.Map.of()); // never retried: it would fail again
        }
    }

    /** Fails the call after the response head went out: the only honest signal left is to cut the connection. */
    private void abort(ErrorCode error, String message) {
        ex.fail(error, null, message);
        ex.aborted = "response cut short: " + message;
        finishAbnormally();
        conn.recorder().finish(ex);
        ctx.close();
    }

    private void finishAbnormally() {
        ended = true;
        endPolicies();
        outbound.releaseBody();
        releaseResponseBody();
        cancelTimer();
        while (!pendingBody.isEmpty()) {
            pendingBody.poll().release();
        }
        if (requestBuffer != null) {
            requestBuffer.release();
        }
        if (held != null) {
            held.release();
        }
        if (upstream != null) {
            upstreamHandler.release(upstream.pipeline().context(upstreamHandler), false);
        }
    }

    /** The response policies are done with the held response body: its reference to the bytes is given back. */
    private void releaseResponseBody() {
        if (responseBody != null) {
            responseBody.release();
            responseBody = null;
        }
    }

    private void cancelTimer() { conn.responseDeadline().disarm(); }

    /** timeouts.response expired before the response head arrived. */
    void responseTimedOut() {
        fail(ErrorCode.UPSTREAM_TIMEOUT, null, "no response from " + plan.authority() + " within "
                + route.timeouts().response().toMillis() + "ms (timeouts.response)");
    }

    /** Continues on the event loop once the stage completes (at once when it already has). */
    private <T> void onLoop(CompletionStage<T> stage, java.util.function.Consumer<T> next) {
        var f = stage.toCompletableFuture();
        if (f.isDone() && ctx.executor().inEventLoop()) {
            T value = f.join();
            continueWith(next, value);
            return;
        }
        f.whenComplete((v, e) -> ctx.executor().execute(() -> {
            if (ended) {
                return;
            }
            if (e != null) {
                fail(ErrorCode.UPSTREAM_UNAVAILABLE, null, "a policy failed: " + e.getMessage());
            } else {
                continueWith(next, v);
            }
        }));
    }

    private <T> void continueWith(java.util.function.Consumer<T> next, T value) {
        try {
            next.accept(value);
        } catch (RuntimeException e) {
            internalError(e);
        }
    }
}
