package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.policy.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request heads through the real HTTP decoder, then the framing check, on an EmbeddedChannel ('|' is CRLF, '~' a bare LF). */
class FramingCheckTest {
    static HttpRequest decode(String raw) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(new HttpDecoderConfig().setStrictLineParsing(true)
                .setMaxInitialLineLength(100).setMaxHeaderSize(200)));
        ch.writeInbound(Unpooled.copiedBuffer(raw.replace("|", "\r\n").replace("~", "\n"), StandardCharsets.ISO_8859_1));
        HttpRequest head = null;
        Object in;
        while ((in = ch.readInbound()) != null) {
            if (head == null && in instanceof HttpRequest r) {
                head = r;
            }
            ReferenceCountUtil.release(in);
        }
        ch.finishAndReleaseAll();
        return head;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "ok", value = {
        "GET / HTTP/1.1|Host: a||; ok",
        "GET / HTTP/1.0|| ; ok",
        "POST / HTTP/1.1|Host: a|Content-Length: 3|Transfer-Encoding: chunked||; BAD_REQUEST",
        "POST / HTTP/1.1|Host: a|Transfer-Encoding: gzip||; BAD_REQUEST",
        "POST / HTTP/1.1|Host: a|Transfer-Encoding: chunked|Transfer-Encoding: chunked||; BAD_REQUEST",
        "POST / HTTP/1.1|Host: a|Content-Length: 3|Content-Length: 4||; BAD_REQUEST",
        "POST / HTTP/1.1|Host: a|Content-Length: -1||; BAD_REQUEST",
        "GET / HTTP/1.1|Host: a|Host: b||; BAD_REQUEST",
        "GET / HTTP/1.1|X: y||; BAD_REQUEST",
        "GET / HTTP/1.1|Host : a||; BAD_REQUEST",
        "GET / HTTP/1.1~Host: a~~; BAD_REQUEST",
        "GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1|Host: a||; URI_TOO_LONG",
        "GET / HTTP/1.1|Host: a|X-Big: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb||; HEADER_TOO_LARGE",
    })
    void check(String raw, ErrorCode expected) {
        HttpRequest head = decode(raw);
        assertThat(head).as("decoded head").isNotNull();
        assertThat(FramingCheck.check(head, 100)).isEqualTo(expected);
    }
}
