package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slow side slows the fast side down instead of filling the gateway's memory: while one side stalls,
 * the other can only get a few socket buffers ahead, not the 1 GiB it is trying to move.
 */
class BackpressureIT {
    static final long GIB = 1L << 30;
    static final long FEW_BUFFERS = 64L << 20; // generous: loopback socket buffers auto-tune to a few MiB each
    static TestUpstream up;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start("""
                defaults: { maxRequestBody: 2GiB }
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: r, prefix: /r, upstream: "http://127.0.0.1:%d" }
                """.formatted(up.port()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    @Test
    void aSlowClientHoldsBackTheUpstream() throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(new InetSocketAddress("127.0.0.1", gw.port()));
            s.getOutputStream().write(("GET /r/bytes/" + GIB + " HTTP/1.1\r\nHost: gw\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < 256 * 1024) {
                int n = in.read(buf);
                assertThat(n).as("the download is under way").isPositive();
                read += n;
            }
            Thread.sleep(1500); // the client stops reading
            long written = up.bytesWritten.get();
            assertThat(written).as("bytes the upstream could push while the client stalled").isLessThan(FEW_BUFFERS);
            Thread.sleep(500);
            assertThat(up.bytesWritten.get() - written).as("and it stays stalled").isLessThan(8L << 20);
        }
    }

    @Test
    void aSlowUpstreamHoldsBackTheClient() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /r/slowsink HTTP/1.1\r\nHost: gw\r\nContent-Length: " + GIB + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (long left = GIB; left > 0; left -= chunk.length) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (java.io.IOException e) {
                    // the socket is closed at the end of the test
                }
            });
            Thread.sleep(1500); // the upstream pauses for 3 s after its first 64 KiB
            assertThat(up.bytesRead.get()).isLessThan(1L << 20);
            assertThat(sent.get()).as("bytes the client could push while the upstream stalled").isLessThan(FEW_BUFFERS);
            s.close();
            writer.join(5000);
        }
    }
}
