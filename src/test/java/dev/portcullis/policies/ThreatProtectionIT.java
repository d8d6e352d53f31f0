package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** payload-limits as threat protection, through the real gateway: JSON and XML refused while they stream. */
class ThreatProtectionIT {
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: api, prefix: /api, upstream: "http://127.0.0.1:%1$d", policies: [threats] }
                  - { name: watch, prefix: /watch, upstream: "http://127.0.0.1:%1$d", policies: [threats-report] }
                policies:
                  - name: threats
                    type: payload-limits
                    json: { maxDepth: 32, maxKeysPerObject: 100, maxArrayItems: 1000, maxStringLength: 4096, maxTotalEntries: 10000 }
                    xml: { maxDepth: 32, maxElements: 1000 }
                  - { name: threats-report, type: payload-limits, mode: report, json: { maxDepth: 2 } }
                """.formatted(up.port()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static HttpResponse<String> post(String path, String type, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gw.base() + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean reached(String query) {
        return up.received.stream().anyMatch(r -> query.equals(r.uri().getRawQuery()));
    }

    @Test
    void wellFormedDocumentsWithinTheLimitsPass() throws Exception {
        var json = post("/api/echo?case=ok-json", "application/json", "{\"a\":[1,2,{\"b\":\"c\"}]}");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).isEqualTo("{\"a\":[1,2,{\"b\":\"c\"}]}");
        var xml = post("/api/echo?case=ok-xml", "application/xml", "<?xml version=\"1.0\"?><order id=\"1\"><item>&amp;</item></order>");
        assertThat(xml.statusCode()).isEqualTo(200);
    }

    @Test
    void hostileJsonIsRefusedWith400() throws Exception {
        var deep = post("/api/echo?case=deep", "application/json", "[".repeat(40) + "]".repeat(40));
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.body()).contains("bad_request", "maxDepth (32)");
        assertThat(reached("case=deep")).isFalse();
        JsonNode a = gw.awaitAudit(deep.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("policy").asText()).isEqualTo("threats");
        assertThat(a.path("error").asText()).isEqualTo("bad_request");
        var malformed = post("/api/echo?case=malformed", "application/json", "{\"a\": tru}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not well-formed");
        var wide = post("/api/echo?case=wide", "application/json", "[" + "1,".repeat(1000) + "1]");
        assertThat(wide.statusCode()).isEqualTo(400);
        assertThat(wide.body()).contains("maxArrayItems (1000)");
    }

    @Test
    void xmlWithADoctypeOrTooDeepIsRefused() throws Exception {
        var xxe = post("/api/echo?case=xxe", "text/xml",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>");
        assertThat(xxe.statusCode()).isEqualTo(400);
        assertThat(xxe.body()).contains("DOCTYPE");
        assertThat(reached("case=xxe")).isFalse();
        var deep = post("/api/echo?case=deep-xml", "application/soap+xml", "<a>".repeat(40) + "</a>".repeat(40));
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.body()).contains("maxDepth (32)");
    }

    @Test
    void reportModeRecordsAndLetsThrough() throws Exception {
        var r = post("/watch/echo?case=report", "application/json", "[[[1]]]");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("reported").toString()).contains("threats-report", "bad_request");
    }

    /** A 1 GiB body of '[' is refused within its first piece: the client is cut off long before it is all sent. */
    @Test
    void aHugeNestedPayloadIsRefusedEarlyAndCheaply() throws Exception {
        long limit = 1L << 30;
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/echo?case=huge HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(in.readNBytes(2048), StandardCharsets.ISO_8859_1);
                } catch (java.io.IOException e) {
                    return "read failed: " + e;
                }
            });
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) '[');
            long sent = 0;
            try {
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                while (sent < limit && !response.isDone()) {
                    out.write(size);
                    out.write(chunk);
                    out.write(new byte[] {'\r', '\n'});
                    sent += chunk.length;
                }
            } catch (java.io.IOException closedByGateway) {
                // expected: the gateway refused and closed
            }
            String head = response.get(10, TimeUnit.SECONDS);
            assertThat(head).startsWith("HTTP/1.1 400").contains("maxDepth (32)");
            assertThat(sent).as("bytes the client managed to send").isLessThan(64L << 20);
        }
        assertThat(reached("case=huge")).isFalse();
    }
}
