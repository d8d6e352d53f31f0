package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testing.RawHttp;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same calls on each transport (io_uring, the default where the kernel allows it; epoll; NIO): a
 * redacted JSON body, a chunked upload, a large streamed response, and a CONNECT tunnel. The rest of the
 * suite runs on the default one only.
 */
class TransportIT {
    static final String CARD = "4111 1111 1111 1111";
    static TestUpstream up;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void upstream() throws Exception {
        up = TestUpstream.http();
    }

    @AfterAll
    static void stop() {
        up.close();
    }

    @Test
    void anUnknownTransportNameIsAClearError() {
        assertThatThrownBy(() -> Transport.choose("uring")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dportcullis.transport=uring").hasMessageContaining("io_uring, epoll, nio");
        assertThat(Transport.choose("NIO").name()).isEqualTo("nio");
        assertThat(Transport.choose("auto").name()).isIn(Transport.NAMES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void callsGoThroughTheSameOnEveryTransport(String name) throws Exception {
        Transport transport = Transport.choose(name);
        assumeTrue(transport.name().equals(name), name + " is not available here: " + transport.note());
        try (TestGateway gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: dlp, prefix: /dlp, upstream: "http://127.0.0.1:%1$d", policies: [pii] }
                  - { name: plain, prefix: /plain, upstream: "http://127.0.0.1:%1$d" }
                  - { name: tunnel, hosts: ["127.0.0.1"], ports: [%1$d] }
                policies:
                  - { name: pii, type: dlp, action: redact }
                """.formatted(up.port()), transport)) {
            assertThat(gw.gateway.transport()).isEqualTo(name);

            // a 16 KiB JSON body with a card: redacted on the way out, the upstream echoes what it got
            StringBuilder json = new StringBuilder("{\"orders\": [");
            for (int i = 0; json.length() < 16_000; i++) {
                json.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"note\": \"")
                        .append(i == 20 ? "card " + CARD : "leave at the front door").append("\"}");
            }
            json.append("]}");
            var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/dlp/echo")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).doesNotContain(CARD).contains("card [REDACTED:credit-card]")
                    .hasSize(json.length() - CARD.length() + "[REDACTED:credit-card]".length());
            JsonNode record = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
            assertThat(record.path("dlp").get(0).path("location").asText()).isEqualTo("body:$.orders[20].note");

            // a chunked upload of 256 KiB, read by the upstream whole
            byte[] upload = new byte[256 * 1024];
            Arrays.fill(upload, (byte) 'x');
            var chunked = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/plain/sink"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(upload))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(200);
            assertThat(chunked.headers().firstValue("X-Upstream-Bytes")).hasValue(Integer.toString(upload.length));

            // 8 MiB streamed back to the client whole
            var big = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/plain/bytes/" + 8 * 1024 * 1024)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long read = 0;
            try (InputStream in = big.body()) {
                read = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(read).isEqualTo(8L * 1024 * 1024);

            // a CONNECT tunnel, then a request through it
            try (Socket s = new Socket("127.0.0.1", gw.port())) {
                s.setSoTimeout(5000);
                String target = "127.0.0.1:" + up.port();
                s.getOutputStream().write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.readUntil(s, "\r\n\r\n")).startsWith("HTTP/1.1 200");
                s.getOutputStream().write(("GET /through HTTP/1.1\r\nHost: " + target + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.readUntil(s, "\r\n\r\nok")).startsWith("HTTP/1.1 200"); // the upstream's own answer
            }
            assertThat(up.received.stream().anyMatch(x -> x.uri().getPath().equals("/through"))).isTrue();
        }
    }
}
