package dev.portcullis.server;

import dev.portcullis.policy.BodyEdit;
import dev.portcullis.policy.MutableHeaders;
import dev.portcullis.policy.RequestView;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * The request as it will leave for the upstream, built once from the client's: hop-by-hop and identity
 * headers removed, Host set to the destination's authority, the body re-framed. This is what the
 * request policies see and change.
 */
final class OutboundRequest implements RequestView {
    private final CallPlan.Go plan;
    private final HttpRequest head;
    private final MutableHeaders headers;
    private final dev.portcullis.observe.Exchange ex;
    private boolean bodyReplaced;
    private boolean bodyUnseen;
    private PolicyBody body; // the whole body, when the policies asked to see it
    private String query;
    private int attempt = 1;
    private volatile boolean storeFailure;

    OutboundRequest(CallPlan.Go plan, HttpRequest client, Set<String> identityHeaders, dev.portcullis.observe.Exchange ex) {
        this.plan = plan;
        this.ex = ex;
        this.query = plan.query();
        this.head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, client.method(), plan.uri());
        var h = head.headers();
        h.set(client.headers());
        boolean chunked = HttpUtil.isTransferEncodingChunked(client);
        HopByHop.strip(h);
        identityHeaders.forEach(h::remove);
        h.remove(HttpHeaderNames.EXPECT); // the gateway answers 100-continue itself
        h.remove(ErrorResponses.ERROR_HEADER);
        h.set(HttpHeaderNames.HOST, plan.authority());
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        this.headers = new NettyHeaders(h);
    }

    HttpRequest head() { return head; }

    /** The request is about to be sent once more. */
    void nextAttempt() { attempt++; }

    @Override public int attempt() { return attempt; }

    @Override public void markStoreFailure() { storeFailure = true; }

    boolean storeFailure() { return storeFailure; }

    /** An empty body the policies see as held. */
    void holdEmptyBody() {
        this.body = new PolicyBody(new byte[0]);
    }

    /**
     * The whole body the policies see, in the buffer it arrived in (not released here: the body keeps a
     * reference until {@link #releaseBody}); it is then sent with a Content-Length.
     */
    void holdBody(ByteBuf whole) {
        this.body = new PolicyBody(whole);
        reframe(whole.readableBytes());
    }

    /** The call is over: the held body's buffer is given back. */
    void releaseBody() {
        if (body != null) {
            body.release();
        }
    }

    private void reframe(long length) {
        head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        HttpUtil.setContentLength(head, length);
    }

    /** The body was larger than the policies' bound and streams on unseen. */
    void markBodyUnseen() { bodyUnseen = true; }

    @Override public boolean bodyUnseen() { return bodyUnseen; }

    @Override public void replaceBody(byte[] newBody) {
        if (body == null) {
            RequestView.super.replaceBody(newBody);
        }
        body.replace(newBody);
        reframe(newBody.length);
        bodyReplaced = true;
    }

    @Override public void editBody(List<BodyEdit> edits) {
        if (body == null) {
            RequestView.super.editBody(edits);
        }
        body.edit(edits);
        reframe(body.length());
        bodyReplaced = true;
    }

    /** The held body, or null (for the server: how to send it). */
    PolicyBody held() { return body; }

    /** Did a policy replace the held body since the last call? (then the server sends the new one) */
    boolean takeBodyReplaced() {
        boolean replaced = bodyReplaced;
        bodyReplaced = false;
        return replaced;
    }

    @Override public void recordFinding(String detector, String location, int count, String action) {
        ex.dlp(detector, location, count, action, null);
    }

    @Override public void auditHeader(String name, String shownValue) { ex.showRequestHeader(name, shownValue); }

    @Override public void auditQuery(String shownQuery) { ex.showQuery(shownQuery); }

    @Override public String method() { return head.method().name(); }

    @Override public String path() { return plan.path(); }

    @Override public String query() { return query; }

    @Override public void setQuery(String newQuery) {
        this.query = newQuery == null || newQuery.isEmpty() ? null : newQuery;
        head.setUri(query == null ? plan.path() : plan.path() + "?" + query);
    }

    @Override public String host() { return plan.host(); }

    @Override public int port() { return plan.port(); }

    @Override public MutableHeaders headers() { return headers; }

    @Override public String client() { return plan.client(); }

    @Override public String route() { return plan.route().name(); }

    @Override public byte[] body() { return body == null ? null : body.bytes(); } // read-only by contract: no copy per policy

    @Override public List<ByteBuffer> bodyBuffers() { return body == null ? null : body.buffers(); }
}
