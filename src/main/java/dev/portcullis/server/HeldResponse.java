package dev.portcullis.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A response whose body the route's policies asked to see: its head, and its body held as it arrives,
 * until it is complete (the policies then decide on it whole) or outgrows their bound (then, if every
 * one of them lets that pass, it goes on unseen: what was held first, the rest as it comes).
 */
final class HeldResponse {
    /** What one more piece of the body did. */
    enum Step { HOLDING, COMPLETE, WENT_UNSEEN, TOO_LARGE }

    private final HttpResponse head;
    private final boolean hasLength; // the upstream's own framing, kept when the response goes on unseen
    private final BodyBuffer body;
    private final boolean mayPassUnseen;
    private boolean unseen;
    private boolean complete; // the last byte is held

    HeldResponse(HttpResponse head, boolean hasLength, BodyBuffer body, boolean mayPassUnseen) {
        this.head = head;
        this.hasLength = hasLength;
        this.body = body;
        this.mayPassUnseen = mayPassUnseen;
    }

    /** Takes one more piece of the body (and its reference). */
    Step add(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (unseen || (!body.fits(content) && mayPassUnseen)) {
            body.addUnbounded(content); // bytes that came before the decision: kept in order
            complete |= last;
            if (unseen) {
                return Step.HOLDING; // already going on unseen; the decision on the head is under way
            }
            unseen = true;
            return Step.WENT_UNSEEN;
        }
        if (!body.add(content)) {
            return Step.TOO_LARGE;
        }
        complete = last;
        return last ? Step.COMPLETE : Step.HOLDING;
    }

    /**
     * The whole body for the policies, read where it arrived (it keeps a reference to the bytes until
     * released); the head is framed with its Content-Length from now on.
     */
    PolicyBody completeBody() {
        PolicyBody whole = new PolicyBody(body.bytes());
        head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        HttpUtil.setContentLength(head, whole.arrivedLength());
        return whole;
    }

    HttpResponse head() { return head; }

    boolean hasLength() { return hasLength; }

    boolean unseen() { return unseen; }

    boolean complete() { return complete; }

    long limit() { return body.limit(); }

    /** Hands the held bytes over to be written on. */
    ByteBuf take() { return body.take(); }

    /** Frees the held bytes unless they were handed over. */
    void release() { body.release(); }
}
