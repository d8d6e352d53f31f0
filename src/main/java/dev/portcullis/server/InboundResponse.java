package dev.portcullis.server;

import dev.portcullis.observe.Exchange;
import dev.portcullis.policy.BodyEdit;
import dev.portcullis.policy.MutableHeaders;
import dev.portcullis.policy.RequestView;
import dev.portcullis.policy.ResponseView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The upstream's response as the response policies see it: status, headers (changed in place), the
 * held body when one was asked for (replaceable, e.g. redacted), and where findings are recorded.
 * The counterpart of {@link OutboundRequest}.
 */
final class InboundResponse implements ResponseView {
    private final int status;
    private final HttpHeaders headers;
    private final OutboundRequest request;
    private final Exchange ex;
    private final boolean unseen;
    private final PolicyBody body; // null when the body streams
    private boolean replaced;

    /** body: the held body (null when it streams); unseen: it was too large for the policies and streams on. */
    InboundResponse(int status, HttpHeaders headers, OutboundRequest request, Exchange ex, PolicyBody body, boolean unseen) {
        this.status = status;
        this.headers = headers;
        this.request = request;
        this.ex = ex;
        this.body = body;
        this.unseen = unseen;
    }

    @Override public int status() { return status; }

    @Override public MutableHeaders headers() { return new NettyHeaders(headers); }

    @Override public RequestView request() { return request; }

    @Override public byte[] body() { return body == null ? null : body.bytes(); } // read-only by contract: no copy per policy

    @Override public List<ByteBuffer> bodyBuffers() { return body == null ? null : body.buffers(); }

    @Override public boolean bodyUnseen() { return unseen; }

    @Override public void replaceBody(byte[] newBody) {
        if (body == null) {
            ResponseView.super.replaceBody(newBody);
        }
        body.replace(newBody); // taken over (see ResponseView.replaceBody)
        reframed();
    }

    @Override public void editBody(List<BodyEdit> edits) {
        if (body == null) {
            ResponseView.super.editBody(edits);
        }
        body.edit(edits);
        reframed();
    }

    private void reframed() {
        replaced = true;
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length());
    }

    @Override public void auditHeader(String name, String shownValue) { ex.showResponseHeader(name, shownValue); }

    @Override public void recordFinding(String detector, String location, int count, String action) {
        ex.dlp(detector, location, count, action, "response");
    }

    /** The held body when a policy changed it (for the server: how to send it), or null when none did. */
    PolicyBody changedBody() { return replaced ? body : null; }
}
