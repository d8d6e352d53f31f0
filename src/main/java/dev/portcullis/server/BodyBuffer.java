package dev.portcullis.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;

/** A body held whole for the policies that asked for it, never beyond its bound. */
final class BodyBuffer {
    private final CompositeByteBuf bytes;
    private final long limit;
    private boolean taken;

    BodyBuffer(ByteBufAllocator alloc, long limit) {
        this.bytes = alloc.compositeBuffer(Integer.MAX_VALUE);
        this.limit = limit;
    }

    /** Takes the content's bytes; false (nothing kept) when the body would exceed the bound. */
    boolean add(HttpContent content) {
        if (!fits(content)) {
            content.release();
            return false;
        }
        addUnbounded(content);
        return true;
    }

    /** Would the content still fit within the bound? */
    boolean fits(HttpContent content) {
        return bytes.readableBytes() + (long) content.content().readableBytes() <= limit;
    }

    /** Takes the content's bytes whatever the bound (the body is passing unseen; these came before the decision). */
    void addUnbounded(HttpContent content) {
        ByteBuf b = content.content();
        if (b.isReadable()) {
            bytes.addComponent(true, b.retain());
        }
        content.release();
    }

    long limit() { return limit; }

    int size() { return bytes.readableBytes(); }

    /** The bytes held so far (still this buffer's: not to be released by the caller). */
    ByteBuf bytes() {
        return bytes;
    }

    /** Hands the bytes over (to be written on); this buffer is empty afterwards. */
    ByteBuf take() {
        taken = true;
        return bytes;
    }

    /** Frees the bytes unless they were handed over (then the writer frees them). */
    void release() {
        if (!taken && bytes.refCnt() > 0) {
            bytes.release();
        }
    }
}
