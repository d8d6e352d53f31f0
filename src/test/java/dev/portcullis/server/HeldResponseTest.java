package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeldResponseTest {
    private static HttpContent piece(String s) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    }

    private static HttpContent last(String s) {
        return new DefaultLastHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    }

    private static HttpResponse chunkedHead() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        return head;
    }

    private static HeldResponse held(HttpResponse head, int limit, boolean mayPassUnseen) {
        return new HeldResponse(head, false, new BodyBuffer(ByteBufAllocator.DEFAULT, limit), mayPassUnseen);
    }

    @Test
    void aBodyWithinTheBoundIsHeldWholeAndFramedWithItsLength() {
        HttpResponse head = chunkedHead();
        HeldResponse h = held(head, 100, false);
        assertThat(h.add(piece("hello "))).isEqualTo(HeldResponse.Step.HOLDING);
        assertThat(h.add(last("world"))).isEqualTo(HeldResponse.Step.COMPLETE);
        PolicyBody whole = h.completeBody();
        assertThat(whole.buffers()).as("read where it is: the two pieces it came in").extracting(p -> StandardCharsets.US_ASCII.decode(p).toString())
                .containsExactly("hello ", "world");
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("11");
        assertThat(head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
        h.release();
        assertThat(new String(whole.bytes(), StandardCharsets.US_ASCII)).as("the body's own reference keeps the bytes").isEqualTo("hello world");
        whole.release();
    }

    @Test
    void aBodyOverTheBoundIsRefusedWhenThePoliciesMustSeeIt() {
        HeldResponse h = held(chunkedHead(), 8, false);
        assertThat(h.add(piece("12345"))).isEqualTo(HeldResponse.Step.HOLDING);
        HttpContent over = piece("67890");
        assertThat(h.add(over)).isEqualTo(HeldResponse.Step.TOO_LARGE);
        assertThat(over.refCnt()).isZero(); // nothing kept of what did not fit
        h.release();
    }

    @Test
    void aBodyOverTheBoundGoesOnUnseenWithEveryByteInOrder() {
        HeldResponse h = held(chunkedHead(), 8, true);
        assertThat(h.add(piece("12345"))).isEqualTo(HeldResponse.Step.HOLDING);
        assertThat(h.add(piece("67890"))).isEqualTo(HeldResponse.Step.WENT_UNSEEN);
        assertThat(h.unseen()).isTrue();
        assertThat(h.complete()).isFalse();
        // pieces read before the decision on the head keep coming: held, in order
        assertThat(h.add(last("abc"))).isEqualTo(HeldResponse.Step.HOLDING);
        assertThat(h.complete()).isTrue();
        ByteBuf all = h.take();
        assertThat(all.toString(StandardCharsets.US_ASCII)).isEqualTo("1234567890abc");
        all.release();
    }
}
