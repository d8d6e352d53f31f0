package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The obs-fold finder on an EmbeddedChannel: '|' is CRLF; expected verdicts per head, in order. */
class ObsFoldGuardTest {
    static List<Boolean> verdicts(String raw, boolean byteByByte) {
        ObsFoldGuard guard = new ObsFoldGuard();
        EmbeddedChannel ch = new EmbeddedChannel(guard);
        byte[] bytes = raw.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        if (byteByByte) {
            for (byte b : bytes) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        } else {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        Object in;
        while ((in = ch.readInbound()) != null) {
            ReferenceCountUtil.release(in);
        }
        List<Boolean> out = new ArrayList<>();
        int heads = raw.split("HTTP/1.1\\|", -1).length - 1;
        for (int i = 0; i < heads; i++) {
            out.add(guard.nextHeadFolded());
        }
        return out;
    }

    /** Behind a CONNECT head: the decoder gets the head only, the rest waits for the tunnel, or for HTTP again. */
    @org.junit.jupiter.api.Test
    void bytesBehindAConnectHeadAreHeldForTheTunnel() {
        ObsFoldGuard guard = new ObsFoldGuard();
        EmbeddedChannel ch = new EmbeddedChannel(guard);
        String head = "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n";
        ch.writeInbound(Unpooled.copiedBuffer(head + "\u0016\u0003\u0001early", StandardCharsets.ISO_8859_1));
        ch.writeInbound(Unpooled.copiedBuffer("later", StandardCharsets.ISO_8859_1));
        io.netty.buffer.ByteBuf passed = ch.readInbound();
        assertThat(passed.toString(StandardCharsets.ISO_8859_1)).isEqualTo(head);
        passed.release();
        assertThat((Object) ch.readInbound()).isNull();
        List<io.netty.buffer.ByteBuf> held = guard.takeTunnelBytes();
        assertThat(held.stream().map(b -> b.toString(StandardCharsets.ISO_8859_1)).toList())
                .containsExactly("\u0016\u0003\u0001early", "later");
        held.forEach(io.netty.buffer.ByteBuf::release);
        assertThat(guard.takeTunnelBytes()).isEmpty();

        // refused: what was behind the head is read as the next request, and its head checked for folds
        ObsFoldGuard refused = new ObsFoldGuard();
        EmbeddedChannel ch2 = new EmbeddedChannel(refused);
        io.netty.buffer.ByteBuf all = Unpooled.copiedBuffer(head + "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
                StandardCharsets.ISO_8859_1);
        ch2.writeInbound(all);
        ReferenceCountUtil.release(ch2.readInbound());
        assertThat(refused.nextHeadFolded()).isFalse(); // the CONNECT's head
        refused.resumeHttp();
        io.netty.buffer.ByteBuf next = ch2.readInbound();
        assertThat(next.toString(StandardCharsets.ISO_8859_1)).startsWith("GET / HTTP/1.1");
        next.release();
        assertThat(refused.nextHeadFolded()).isTrue();
        assertThat(all.refCnt()).isZero(); // nothing held, nothing leaked

        // closed before the tunnel opened: the held bytes are released
        ObsFoldGuard closed = new ObsFoldGuard();
        EmbeddedChannel ch3 = new EmbeddedChannel(closed);
        io.netty.buffer.ByteBuf early = Unpooled.copiedBuffer(head + "early", StandardCharsets.ISO_8859_1);
        ch3.writeInbound(early);
        ReferenceCountUtil.release(ch3.readInbound());
        ch3.finishAndReleaseAll();
        assertThat(early.refCnt()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '@', value = {
        "GET / HTTP/1.1|Host: a||@ [false]",
        "GET / HTTP/1.1|Host: a| folded||@ [true]",
        "GET / HTTP/1.1|Host: a|X: b|\tfolded||@ [true]",
        "||GET / HTTP/1.1|Host: a||@ [false]",
        "POST / HTTP/1.1|Host: a|Content-Length: 12|||| folded||GET / HTTP/1.1|Host: a| x||@ [false, true]",
        "POST / HTTP/1.1|Host: a|Transfer-Encoding: chunked||9|| folded||0||GET / HTTP/1.1|Host: a||@ [false, false]",
        "POST / HTTP/1.1|Host: a|Transfer-Encoding: chunked||5;ext=1|abcde|0|X-Trailer: t||GET / HTTP/1.1|Host: a| y||@ [false, true]",
        "GET / HTTP/1.1|Host: a||GET / HTTP/1.1|Host: a| z||GET / HTTP/1.1|Host: a||@ [false, true, false]",
    })
    void findsFoldsInHeadsOnly(String raw, String expected) {
        assertThat(verdicts(raw, false).toString()).isEqualTo(expected);
        assertThat(verdicts(raw, true).toString()).as("byte by byte").isEqualTo(expected);
    }
}
