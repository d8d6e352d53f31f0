package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The slowloris guard on an EmbeddedChannel with frozen time. */
class RequestHeadTimeoutTest {
    private static EmbeddedChannel channel(RequestHeadTimeout t) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(t);
        return ch;
    }

    private static void send(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
        Object in;
        while ((in = ch.readInbound()) != null) {
            io.netty.util.ReferenceCountUtil.release(in);
        }
    }

    @Test
    void anIdleConnectionIsNotCutByTheHeadTimeout() {
        EmbeddedChannel ch = channel(new RequestHeadTimeout(1000));
        ch.advanceTimeBy(5, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aHeadThatDoesNotCompleteInTimeClosesTheConnection() {
        EmbeddedChannel ch = channel(new RequestHeadTimeout(1000));
        send(ch, "GET / HTTP/1.1\r\nHost: a\r\n");
        ch.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        send(ch, "X-Slow: 1\r\n"); // trickling bytes do not extend the deadline
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void eachRequestGetsAFreshDeadline() {
        RequestHeadTimeout t = new RequestHeadTimeout(1000);
        EmbeddedChannel ch = channel(t);
        for (int i = 0; i < 5; i++) {
            send(ch, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            ch.advanceTimeBy(800, TimeUnit.MILLISECONDS);
            t.headReceived();
            ch.advanceTimeBy(800, TimeUnit.MILLISECONDS); // waiting for the response: not the head timeout's business
            ch.runScheduledPendingTasks();
            t.exchangeEnded();
        }
        assertThat(ch.isOpen()).isTrue();
        send(ch, "GET / HT");
        ch.advanceTimeBy(1001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }
}
