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
