package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.testing.RawHttp;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Slowloris clients, too many headers, and upstream responses whose framing is ambiguous or broken. */
class HardeningIT {
    static TestUpstream up;
    static ServerSocket raw;
    static final AtomicReference<String> cannedResponse = new AtomicReference<>();
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        raw = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> { // an upstream that answers every request with canned bytes
            while (!raw.isClosed()) {
                try (Socket s = raw.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    StringBuilder head = new StringBuilder();
                    while (head.indexOf("\r\n\r\n") < 0) {
                        int n = in.read(buf);
                        if (n < 0) {
                            break;
                        }
                        head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(cannedResponse.get().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (java.io.IOException e) {
                    // next connection
                }
            }
        });
        gw = TestGateway.start("""
                listen: { address: 127.0.0.1:0, maxHeaders: 20 }
                defaults: { timeouts: { requestHeader: 500ms, idle: 700ms } }
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: ok, prefix: /ok, upstream: "http://127.0.0.1:%d" }
                  - { name: bad, prefix: /bad, upstream: "http://127.0.0.1:%d" }
                """.formatted(up.port(), raw.getLocalPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        up.close();
        raw.close();
    }

    static String exchange(String request) throws Exception {
        return RawHttp.send(gw.port(), request);
    }

    @Test
    void slowHeadsAreCutOffWhileOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket("127.0.0.1", gw.port());
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /ok/x HTTP/1.1\r\nHost: gw\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(exchange("GET /ok/fast HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
            }
            long start = System.nanoTime();
            for (Socket s : slow) {
                assertThat(s.getInputStream().read()).as("the gateway closed the slow connection").isEqualTo(-1);
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
            assertThat(up.received).noneMatch(r -> r.uri().getPath().equals("/x"));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void foldedHeaderLinesAreRefusedEvenWhenPipelined() throws Exception {
        String folded = exchange("GET /ok/fold HTTP/1.1\r\nHost: gw\r\nX-A: one\r\n two\r\nConnection: close\r\n\r\n");
        assertThat(folded).startsWith("HTTP/1.1 400").contains("obs-fold");
        String pipelined = exchange("POST /ok/first HTTP/1.1\r\nHost: gw\r\nContent-Length: 9\r\n\r\n\r\n indent"
                + "GET /ok/second HTTP/1.1\r\nHost: gw\r\nX-B: one\r\n\ttwo\r\nConnection: close\r\n\r\n");
        assertThat(pipelined).startsWith("HTTP/1.1 200").contains("HTTP/1.1 400").contains("obs-fold");
        assertThat(up.received).extracting(r -> r.uri().getPath()).contains("/first").doesNotContain("/fold", "/second");
    }

    @Test
    void idleKeepAliveConnectionsAreClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /ok/keep HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            long start = System.nanoTime();
            while (in.read(buf) >= 0) {
                // drain until the gateway closes the idle connection
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(300L, 3000L);
        }
    }

    @Test
    void tooManyHeaderLinesAre431() throws Exception {
        StringBuilder req = new StringBuilder("GET /ok/h HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n");
        for (int i = 0; i < 25; i++) {
            req.append("X-H").append(i).append(": v\r\n");
        }
        String r = exchange(req.append("\r\n").toString());
        assertThat(r).startsWith("HTTP/1.1 431").contains("listen.maxHeaders");
        assertThat(up.received).noneMatch(x -> x.uri().getPath().equals("/h"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "HTTP/1.1 200 OK|Content-Length: 5|Transfer-Encoding: chunked||0||",
        "HTTP/1.1 200 OK|Transfer-Encoding: gzip||hello",
        "HTTP/1.1 200 OK|Content-Length: 5|Content-Length: 6||hello",
        "HTTP/1.1 200 OK~Content-Length: 5~~hello",
        "HTTP/1.1 abc Nonsense||",
        "garbage that is not HTTP at all||",
    })
    void upstreamResponsesWithBrokenFramingAre502(String canned) throws Exception {
        cannedResponse.set(canned.replace("|", "\r\n").replace("~", "\n"));
        String r = exchange("GET /bad/x HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 502").contains("upstream_unavailable");
        assertThat(r).doesNotContain("hello");
    }
}
