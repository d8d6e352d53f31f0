package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testing.RawHttp;
import dev.portcullis.testing.TestCerts;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Forward proxy (absolute-form) and CONNECT tunnels through the real gateway, with real clients. */
class ForwardProxyIT {
    static TestUpstream plain;
    static TestUpstream tls;
    static TestCerts ca;
    static TestGateway gw;
    static HttpClient viaProxy;

    @BeforeAll
    static void start() throws Exception {
        plain = TestUpstream.http();
        ca = TestCerts.newCa();
        tls = TestUpstream.https(ca.issue("api.test").serverContext());
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                clients:
                  - { name: ci, match: { proxyAuth: { username: ci, password: "${env:CI_PW}" } } }
                routes:
                  - name: api
                    hosts: ["api.test", "*.apps.test"]
                    ports: [%1$d, %2$d]
                  - name: locked
                    hosts: ["locked.test"]
                    ports: [%1$d]
                    clients: [ci]
                  - name: sneaky
                    hosts: ["rebind.test", "internal.test"]
                    ports: [%1$d]
                """.formatted(plain.port(), tls.port()),
                Map.of("api.test", List.of(TestGateway.ip("127.0.0.1")),
                        "a.b.apps.test", List.of(TestGateway.ip("127.0.0.1")),
                        "locked.test", List.of(TestGateway.ip("127.0.0.1")),
                        "internal.test", List.of(TestGateway.ip("127.0.0.2")),
                        "rebind.test", List.of(TestGateway.ip("10.0.0.7"), TestGateway.ip("127.0.0.1"))),
                Map.of("CI_PW", "pw-123"));
        viaProxy = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", gw.port())))
                .sslContext(ca.clientTrust()).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        gw.close();
        plain.close();
        tls.close();
    }

    @Test
    void plainHttpCallsAreForwardedWithTheRequestLineAuthority() throws Exception {
        var r = viaProxy.send(HttpRequest.newBuilder(URI.create("http://api.test:" + plain.port() + "/v1/x?y=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        var seen = plain.last();
        assertThat(seen.uri().toString()).isEqualTo("/v1/x?y=1");
        assertThat(seen.header("host")).isEqualTo("api.test:" + plain.port());
        assertThat(seen.headers()).doesNotContainKeys("proxy-connection", "via", "x-forwarded-for");
        JsonNode a = gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(a.path("kind").asText()).isEqualTo("forward");
        assertThat(a.path("route").asText()).isEqualTo("api");
        assertThat(a.path("url").asText()).isEqualTo("http://api.test:" + plain.port() + "/v1/x?y=1");
    }

    @Test
    void wildcardHostsMatchSubdomainsAndADifferentHostHeaderIsNotTrusted() throws Exception {
        String raw = "GET http://a.b.apps.test:" + plain.port() + "/w HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n";
        String response = exchange(raw);
        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(plain.last().header("host")).isEqualTo("a.b.apps.test:" + plain.port());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String one = "GET http://api.test:" + plain.port() + "/first HTTP/1.1\r\nHost: api.test\r\n\r\n";
        String denied = "GET http://nope.test/ HTTP/1.1\r\nHost: nope.test\r\n\r\n";
        String two = "GET http://api.test:" + plain.port() + "/second HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((one + denied + two).getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int first = all.indexOf("HTTP/1.1 200");
            int refusal = all.indexOf("HTTP/1.1 403");
            int second = all.indexOf("HTTP/1.1 200", first + 1);
            assertThat(first).isGreaterThanOrEqualTo(0);
            assertThat(refusal).isGreaterThan(first);
            assertThat(second).isGreaterThan(refusal);
        }
        List<String> paths = plain.received.stream().map(r -> r.uri().getPath()).toList();
        assertThat(paths.indexOf("/second")).isGreaterThan(paths.indexOf("/first"));
    }

    @Test
    void unknownDestinationsAreDenied() throws Exception {
        int before = plain.received.size();
        var r = viaProxy.send(HttpRequest.newBuilder(URI.create("http://api.test:" + (plain.port() == 1 ? 2 : 1) + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("X-Portcullis-Error")).hasValue("destination_denied");
        var apex = exchange("GET http://apps.test:" + plain.port() + "/ HTTP/1.1\r\nHost: apps.test\r\nConnection: close\r\n\r\n");
        assertThat(apex).startsWith("HTTP/1.1 403").contains("destination_denied");
        assertThat(plain.received.size()).isEqualTo(before);
    }

    @Test
    void httpsThroughConnectIsTunnelledAndVerifiedEndToEnd() throws Exception {
        var r = viaProxy.send(HttpRequest.newBuilder(URI.create("https://api.test:" + tls.port() + "/secret/path")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
        assertThat(tls.last().uri().getPath()).isEqualTo("/secret/path");
        // the tunnel's record is written when it closes: find it by kind
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode tunnel = null;
        while (tunnel == null && System.nanoTime() < deadline) {
            tunnel = gw.audit().stream().filter(n -> n.path("kind").asText().equals("connect")
                    && n.path("url").asText().equals("api.test:" + tls.port())).findFirst().orElse(null);
            if (tunnel == null) {
                viaProxy.close(); // closes the kept-alive tunnel
                Thread.sleep(20);
            }
        }
        assertThat(tunnel).as("audit record of the CONNECT tunnel").isNotNull();
        assertThat(tunnel.path("decision").asText()).isEqualTo("allow");
        assertThat(tunnel.path("requestBytes").asLong()).isPositive();
        assertThat(tunnel.path("responseBytes").asLong()).isPositive();
        viaProxy = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", gw.port())))
                .sslContext(ca.clientTrust()).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Test
    void connectToAnUnlistedPortIsDeniedBeforeAnyDial() throws Exception {
        int dials = gw.dialed.size();
        String r = exchange("CONNECT api.test:22 HTTP/1.1\r\nHost: api.test:22\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 403").contains("destination_denied");
        assertThat(gw.dialed.size()).isEqualTo(dials);
    }

    /** A client that does not wait for the 200: what it sent behind the CONNECT head reaches the upstream first. */
    @Test
    void bytesSentBehindAConnectHeadGoThroughTheTunnel() throws Exception {
        String target = "api.test:" + plain.port();
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"
                    + "GET /early HTTP/1.1\r\nHost: " + target + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String both = RawHttp.readUntil(s, "\r\n\r\nok");
            assertThat(both).startsWith("HTTP/1.1 200 Connection Established")
                    .contains("\r\n\r\nHTTP/1.1 200"); // then the upstream's own answer, through the tunnel
            s.getOutputStream().write(("GET /later HTTP/1.1\r\nHost: " + target + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.readUntil(s, "\r\n\r\nok")).startsWith("HTTP/1.1 200");
        }
        List<String> paths = plain.received.stream().map(r -> r.uri().getPath()).toList();
        assertThat(paths).contains("/early", "/later");
        assertThat(paths.lastIndexOf("/later")).isGreaterThan(paths.lastIndexOf("/early"));
    }

    /** A refused CONNECT keeps the connection: what came behind it is read as the next HTTP request. */
    @Test
    void aRequestBehindARefusedConnectIsServedOnTheSameConnection() throws Exception {
        String both;
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("CONNECT api.test:22 HTTP/1.1\r\nHost: api.test:22\r\n\r\n"
                    + "GET http://api.test:" + plain.port() + "/after-refusal HTTP/1.1\r\nHost: api.test\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            both = RawHttp.readUntil(s, "\r\n\r\nok");
        }
        assertThat(both).startsWith("HTTP/1.1 403").contains("destination_denied");
        assertThat(both.indexOf("HTTP/1.1 200")).as(both).isGreaterThan(both.indexOf("destination_denied"));
        assertThat(plain.received.stream().map(r -> r.uri().getPath())).contains("/after-refusal");
    }

    @Test
    void proxyCredentialsAreChallengedCheckedAndStripped() throws Exception {
        String target = "http://locked.test:" + plain.port() + "/l";
        String none = exchange("GET " + target + " HTTP/1.1\r\nHost: locked.test\r\nConnection: close\r\n\r\n");
        assertThat(none).startsWith("HTTP/1.1 407").containsIgnoringCase("Proxy-Authenticate: Basic realm=\"portcullis\"")
                .contains("proxy_auth_required");
        String wrong = exchange("GET " + target + " HTTP/1.1\r\nHost: locked.test\r\nProxy-Authorization: Basic "
                + b64("ci:nope") + "\r\nConnection: close\r\n\r\n");
        assertThat(wrong).startsWith("HTTP/1.1 407");
        String ok = exchange("GET " + target + " HTTP/1.1\r\nHost: locked.test\r\nProxy-Authorization: Basic "
                + b64("ci:pw-123") + "\r\nConnection: close\r\n\r\n");
        assertThat(ok).startsWith("HTTP/1.1 200");
        assertThat(plain.last().header("proxy-authorization")).isNull();
        String id = requestId(ok);
        assertThat(gw.awaitAudit(id).path("client").asText()).isEqualTo("ci");
        assertThat(gw.audit().toString()).doesNotContain("pw-123");
    }

    @Test
    void namesResolvingToBlockedNetworksAreRefusedAndOnlyCheckedAddressesAreDialed() throws Exception {
        String internal = exchange("GET http://internal.test:" + plain.port() + "/ HTTP/1.1\r\nHost: internal.test\r\nConnection: close\r\n\r\n");
        assertThat(internal).startsWith("HTTP/1.1 403").contains("network_denied").contains("127.0.0.2").contains("loopback");
        String mixed = exchange("GET http://rebind.test:" + plain.port() + "/r HTTP/1.1\r\nHost: rebind.test\r\nConnection: close\r\n\r\n");
        assertThat(mixed).startsWith("HTTP/1.1 200");
        assertThat(gw.dialed).noneMatch(a -> a.getHostAddress().equals("10.0.0.7") || a.getHostAddress().equals("127.0.0.2"));
        assertThat(gw.dialed).allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
    }

    @Test
    void requestSmugglingAndOversizedHeadsAreRefused() throws Exception {
        int before = plain.received.size();
        String both = exchange("POST http://api.test:" + plain.port() + "/s HTTP/1.1\r\nHost: api.test\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertThat(both).startsWith("HTTP/1.1 400").contains("bad_request").contains("Content-Length").contains("Transfer-Encoding");
        String coding = exchange("POST http://api.test:" + plain.port() + "/s HTTP/1.1\r\nHost: api.test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
        assertThat(coding).startsWith("HTTP/1.1 400");
        String encodedSlash = exchange("GET http://api.test:" + plain.port() + "/a%2f..%2fadmin HTTP/1.1\r\nHost: api.test\r\n\r\n");
        assertThat(encodedSlash).startsWith("HTTP/1.1 400").contains("percent-encoded");
        String userinfo = exchange("GET http://api.test@evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(userinfo).startsWith("HTTP/1.1 400");
        String longUri = exchange("GET http://api.test:" + plain.port() + "/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: api.test\r\n\r\n");
        assertThat(longUri).startsWith("HTTP/1.1 414").contains("uri_too_long");
        String bigHead = exchange("GET http://api.test:" + plain.port() + "/ HTTP/1.1\r\nHost: api.test\r\nX-Big: " + "b".repeat(20000) + "\r\n\r\n");
        assertThat(bigHead).startsWith("HTTP/1.1 431").contains("header_too_large");
        assertThat(plain.received.size()).isEqualTo(before);
        for (String r : List.of(both, coding, encodedSlash, userinfo, longUri, bigHead)) {
            JsonNode record = gw.awaitAudit(requestId(r));
            assertThat(record.path("decision").asText()).isEqualTo("deny");
            assertThat(record.path("error").asText()).isIn("bad_request", "uri_too_long", "header_too_large");
        }
    }

    @Test
    void curlWorksAsAForwardProxyClient() throws Exception {
        if (!new java.io.File("/usr/bin/curl").canExecute()) {
            return;
        }
        Process p = new ProcessBuilder("curl", "-sS", "-x", "http://127.0.0.1:" + gw.port(), "--cacert",
                ca.writeCaPem(java.nio.file.Files.createTempDirectory("ca")).toString(),
                "--resolve", "api.test:" + tls.port() + ":127.0.0.1", "https://api.test:" + tls.port() + "/curl")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo("ok");
        assertThat(tls.last().uri().getPath()).isEqualTo("/curl");
    }

    static String requestId(String rawResponse) {
        return dev.portcullis.testing.RawHttp.requestId(rawResponse);
    }

    static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    /** Sends raw bytes and reads until the gateway closes or 2 s of silence. */
    static String exchange(String raw) throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    if (sb.indexOf("\r\n\r\n") > 0 && complete(sb)) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // return what came
            }
            return sb.toString();
        }
    }

    private static boolean complete(StringBuilder sb) {
        int head = sb.indexOf("\r\n\r\n");
        String h = sb.substring(0, head).toLowerCase();
        int i = h.indexOf("content-length:");
        if (i < 0) {
            return false;
        }
        int len = Integer.parseInt(h.substring(i + 15, h.indexOf('\n', i) < 0 ? h.length() : h.indexOf('\n', i)).trim());
        return sb.length() - head - 4 >= len;
    }
}
