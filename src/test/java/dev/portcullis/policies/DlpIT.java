package dev.portcullis.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dlp through the real gateway, one route per action: what the upstream received (or that it received
 * nothing), what the client got back, and the audit record (which never holds the sensitive value).
 */
class DlpIT {
    static final String CARD = "4111 1111 1111 1111";
    static final String SSN = "123-45-6789";
    static final String JSON = "{\"order\":\"A-1001\",\"payment\":{\"card\":\"" + CARD + "\",\"holder\":\"Jane Roe\"}}";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static TestUpstream up;
    static TestGateway gw;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        gw = TestGateway.start("""
                network: { allowNetworks: [127.0.0.1/32] }
                routes:
                  - { name: block, prefix: /block, upstream: "http://127.0.0.1:%1$d", policies: [dlp-block] }
                  - { name: redact, prefix: /redact, upstream: "http://127.0.0.1:%1$d", policies: [dlp-redact] }
                  - { name: keep, prefix: /keep, upstream: "http://127.0.0.1:%1$d", policies: [dlp-keep] }
                  - { name: report, prefix: /report, upstream: "http://127.0.0.1:%1$d", policies: [dlp-report] }
                  - { name: lenient, prefix: /lenient, upstream: "http://127.0.0.1:%1$d", policies: [dlp-lenient] }
                  - { name: resp-block, prefix: /resp-block, upstream: "http://127.0.0.1:%1$d", policies: [dlp-resp-block] }
                  - { name: resp-redact, prefix: /resp-redact, upstream: "http://127.0.0.1:%1$d", policies: [dlp-resp-redact] }
                  - { name: two-ways, prefix: /two-ways, upstream: "http://127.0.0.1:%1$d", policies: [ssn-out, dlp-resp-redact] }
                  - { name: twice, prefix: /twice, upstream: "http://127.0.0.1:%1$d", policies: [card-out, ssn-out] }
                policies:
                  - { name: dlp-block, type: dlp, action: block, maxScanBytes: 64KiB }
                  - name: dlp-redact
                    type: dlp
                    action: redact
                    detectors: [credit-card, us-ssn, email, aws-access-key, { name: employee-id, pattern: "EMP-[0-9]{6}", keywords: [employee] }]
                  - { name: dlp-keep, type: dlp, action: redact, keepLast: 4, detectors: [credit-card] }
                  - { name: dlp-report, type: dlp, action: report }
                  - { name: dlp-lenient, type: dlp, action: block, maxScanBytes: 1KiB, onUnscannable: allow }
                  - { name: dlp-resp-block, type: dlp, action: block, direction: response }
                  - { name: dlp-resp-redact, type: dlp, action: redact, direction: response, detectors: [credit-card] }
                  - { name: ssn-out, type: dlp, action: redact, direction: request, detectors: [us-ssn] }
                  - { name: card-out, type: dlp, action: redact, direction: request, detectors: [credit-card] }
                """.formatted(up.port()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static HttpResponse<byte[]> send(String path, String contentType, byte[] body, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(gw.base() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> json(String path, String body, String... headers) throws Exception {
        return send(path, "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static JsonNode audit(HttpResponse<?> r) throws Exception {
        return gw.awaitAudit(r.headers().firstValue("X-Request-Id").orElseThrow());
    }

    static String received(String path) {
        return up.received.stream().filter(x -> x.uri().getRawPath().equals(path)).reduce((a, b) -> b)
                .map(x -> new String(x.body(), StandardCharsets.ISO_8859_1)).orElse(null);
    }

    static long count(String query) {
        return up.received.stream().filter(x -> query.equals(x.uri().getRawQuery())).count();
    }

    static void assertNoValueInAudit(String... values) throws Exception {
        String audit = Files.readString(gw.auditFile);
        for (String v : values) {
            assertThat(audit).doesNotContain(v).doesNotContain(v.replace(" ", ""));
        }
    }

    @Test
    void blockRefusesWith403AndSendsNothingUpstream() throws Exception {
        var r = json("/block/echo?case=block-json", JSON);
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode body = MAPPER.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("dlp_violation");
        assertThat(body.path("message").asText()).contains("credit-card at body:$.payment.card").doesNotContain(CARD);
        assertThat(count("case=block-json")).as("the upstream received nothing").isZero();
        JsonNode a = audit(r);
        assertThat(a.path("decision").asText()).isEqualTo("deny");
        assertThat(a.path("error").asText()).isEqualTo("dlp_violation");
        assertThat(a.path("policy").asText()).isEqualTo("dlp-block");
        assertThat(a.path("dlp")).hasSize(1);
        assertThat(a.path("dlp").get(0).toString())
                .isEqualTo("{\"detector\":\"credit-card\",\"location\":\"body:$.payment.card\",\"count\":1,\"action\":\"block\"}");
        assertNoValueInAudit(CARD);
    }

    @Test
    void blockedQueryValuesAppearRedactedInTheAuditUrl() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/block/x?ssn=" + SSN + "&page=2")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode a = audit(r);
        assertThat(a.path("url").asText()).endsWith("/x?ssn=%5BREDACTED%3Aus-ssn%5D&page=2");
        assertThat(a.path("dlp").get(0).path("location").asText()).isEqualTo("query:ssn");
        assertNoValueInAudit(SSN);
    }

    @Test
    void redactReplacesEachFindingAndKeepsJsonValid() throws Exception {
        String doc = "{\"customer\":{\"email\":\"jane.roe@example.com\",\"cards\":[\"" + CARD + "\", 4012888888881881]},"
                + "\"note\":\"employee EMP-123456, ssn " + SSN + "\",\"total\":12.5,\"ok\":true,\"none\":null}";
        var r = json("/redact/echo", doc);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode got = MAPPER.readTree(received("/echo"));
        assertThat(got.path("customer").path("email").asText()).isEqualTo("[REDACTED:email]");
        assertThat(got.path("customer").path("cards").get(0).asText()).isEqualTo("[REDACTED:credit-card]");
        assertThat(got.path("customer").path("cards").get(1).asText()).as("a card as a JSON number becomes a string")
                .isEqualTo("[REDACTED:credit-card]");
        assertThat(got.path("note").asText()).isEqualTo("employee [REDACTED:employee-id], ssn [REDACTED:us-ssn]");
        assertThat(got.path("total").asDouble()).isEqualTo(12.5);
        assertThat(got.path("ok").asBoolean()).isTrue();
        var last = up.last();
        assertThat(last.header("content-length")).isEqualTo(Integer.toString(last.body().length));
        JsonNode a = audit(r);
        assertThat(a.path("decision").asText()).isEqualTo("allow");
        assertThat(a.path("dlp").toString()).contains(
                "{\"detector\":\"email\",\"location\":\"body:$.customer.email\",\"count\":1,\"action\":\"redact\"}",
                "{\"detector\":\"credit-card\",\"location\":\"body:$.customer.cards[0]\",\"count\":1,\"action\":\"redact\"}",
                "{\"detector\":\"credit-card\",\"location\":\"body:$.customer.cards[1]\",\"count\":1,\"action\":\"redact\"}",
                "{\"detector\":\"employee-id\",\"location\":\"body:$.note\",\"count\":1,\"action\":\"redact\"}",
                "{\"detector\":\"us-ssn\",\"location\":\"body:$.note\",\"count\":1,\"action\":\"redact\"}");
        assertNoValueInAudit(CARD, SSN, "jane.roe@example.com", "4012888888881881");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(gw.admin() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("portcullis_dlp_findings_total\\{[^}]*action=\"redact\"[^}]*detector=\"credit-card\"[^}]*route=\"redact\"[^}]*\\} ([2-9]|[1-9][0-9]+)");
    }

    /**
     * JSON is read as a parser would read it, and no further than needed: top-level numbers side by side
     * (not JSON) are scanned as the text that spells a card; a body broken only after its last card is
     * still read as JSON, its card located by path.
     */
    @Test
    void jsonIsReadAsAParserWouldAndNoFurtherThanItsLastCandidate() throws Exception {
        for (String route : new String[] {"/redact", "/twice"}) { // custom detectors (read to the end), built-ins only
            var side = json(route + "/echo?case=side-by-side", CARD);
            assertThat(side.statusCode()).isEqualTo(200);
            assertThat(received("/echo")).as(route).isEqualTo("[REDACTED:credit-card]");
            assertThat(audit(side).path("dlp").toString()).as(route)
                    .contains("{\"detector\":\"credit-card\",\"location\":\"body\",\"count\":1,\"action\":\"redact\"}");
        }
        var broken = json("/twice/echo?case=broken-after", "{\"card\": \"" + CARD + "\", \"rest\": [1,, ]");
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(received("/echo")).isEqualTo("{\"card\": \"[REDACTED:credit-card]\", \"rest\": [1,, ]");
        assertThat(audit(broken).path("dlp").toString())
                .contains("{\"detector\":\"credit-card\",\"location\":\"body:$.card\",\"count\":1,\"action\":\"redact\"}");
        assertNoValueInAudit(CARD);
    }

    @Test
    void keepLastLeavesTheLastDigits() throws Exception {
        var r = json("/keep/echo", JSON);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(received("/echo")).path("payment").path("card").asText()).isEqualTo("***************1111");
    }

    @Test
    void redactRewritesQueryValuesAndHeaders() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/redact/q?ssn=" + SSN + "&mail=a%40example.com&n=1"))
                .header("X-Note", "card " + CARD).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        var got = up.last();
        assertThat(got.uri().getRawQuery()).isEqualTo("ssn=%5BREDACTED%3Aus-ssn%5D&mail=%5BREDACTED%3Aemail%5D&n=1");
        assertThat(got.header("x-note")).isEqualTo("card [REDACTED:credit-card]");
        JsonNode a = audit(r);
        assertThat(a.path("url").asText()).endsWith("?ssn=%5BREDACTED%3Aus-ssn%5D&mail=%5BREDACTED%3Aemail%5D&n=1");
        assertThat(a.path("requestHeaders").path("x-note").asText()).isEqualTo("card [REDACTED:credit-card]");
        assertThat(a.path("dlp").toString()).contains("query:ssn", "query:mail", "header:x-note");
        assertNoValueInAudit(SSN, CARD);
    }

    @Test
    void escapedWideAndMultipartJsonIsReadAsTheApplicationWillReadIt() throws Exception {
        var escaped = json("/block/echo?case=escaped", "{\"payment\": {\"card\": \"\\u0034111 1111 1111 1111\"}}");
        assertThat(escaped.statusCode()).isEqualTo(403);
        assertThat(count("case=escaped")).as("nothing sent upstream").isZero();
        assertThat(audit(escaped).path("dlp").toString()).contains("\"location\":\"body:$.payment.card\"");

        var malformed = json("/block/echo?case=escaped-malformed", "{\"card\": \"\\u0034111 1111 1111 1111\",}");
        assertThat(malformed.statusCode()).as("malformed JSON is scanned with its escapes decoded").isEqualTo(403);

        byte[] utf16 = JSON.getBytes(StandardCharsets.UTF_16LE);
        var wide = send("/redact/echo?case=utf16", "application/json; charset=utf-16le", utf16);
        assertThat(wide.statusCode()).isEqualTo(200);
        byte[] sent = up.received.stream().filter(x -> "case=utf16".equals(x.uri().getRawQuery())).findFirst().orElseThrow().body();
        assertThat(new String(sent, StandardCharsets.UTF_16LE)).as("redacted, and still UTF-16LE as its Content-Type says")
                .isEqualTo(JSON.replace(CARD, "[REDACTED:credit-card]"));

        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"order\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"card\": \"\\u0034111 1111 1111 1111\"}\r\n--XyZ--\r\n";
        var mp = send("/block/echo?case=multipart-json", "multipart/form-data; boundary=XyZ", multipart.getBytes(StandardCharsets.UTF_8));
        assertThat(mp.statusCode()).isEqualTo(403);
        assertThat(audit(mp).path("dlp").toString()).contains("\"location\":\"body:order:$.card\"");
        assertThat(count("case=multipart-json")).isZero();
    }

    @Test
    void twoPoliciesRedactingOneRequestBodyBothTakeEffect() throws Exception {
        String doc = "{\"card\": \"" + CARD + "\", \"ssn\": \"" + SSN + "\", \"note\": \"caf\u00e9\"}";
        var r = json("/twice/echo", doc);
        assertThat(r.statusCode()).isEqualTo(200);
        String sent = new String(up.last().body(), StandardCharsets.UTF_8);
        assertThat(sent).isEqualTo(doc.replace(CARD, "[REDACTED:credit-card]").replace(SSN, "[REDACTED:us-ssn]"));
        assertThat(up.last().header("content-length")).isEqualTo(String.valueOf(sent.getBytes(StandardCharsets.UTF_8).length));
        assertNoValueInAudit(CARD, SSN);
    }

    @Test
    void reportPassesEverythingUnchangedButRecordsIt() throws Exception {
        var r = json("/report/echo", JSON, "X-Note", "ssn " + SSN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(received("/echo")).isEqualTo(JSON);
        assertThat(up.last().header("x-note")).isEqualTo("ssn " + SSN);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(JSON);
        JsonNode a = audit(r);
        assertThat(a.path("decision").asText()).isEqualTo("allow");
        assertThat(a.path("dlp").toString()).contains("\"location\":\"body:$.payment.card\",\"count\":1,\"action\":\"report\"",
                "\"location\":\"header:x-note\"");
        assertThat(a.path("requestHeaders").path("x-note").asText()).as("the audit never shows the value")
                .isEqualTo("ssn [REDACTED:us-ssn]");
    }

    @Test
    void gzipBodiesAreDecodedScannedAndReEncoded() throws Exception {
        var blocked = send("/block/echo?case=gzip", "application/json", gzip(JSON), "Content-Encoding", "gzip");
        assertThat(blocked.statusCode()).as("compression is no way past").isEqualTo(403);
        assertThat(count("case=gzip")).isZero();
        var r = send("/redact/echo", "application/json", gzip(JSON), "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        var got = up.last();
        assertThat(got.header("content-encoding")).isEqualTo("gzip");
        assertThat(got.header("content-length")).isEqualTo(Integer.toString(got.body().length));
        String plain = new String(new GZIPInputStream(new ByteArrayInputStream(got.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(MAPPER.readTree(plain).path("payment").path("card").asText()).isEqualTo("[REDACTED:credit-card]");
    }

    @Test
    void brotliBodiesAreScannedAndSentDecodedWithHeadersFixed() throws Exception {
        byte[] br = getClass().getResourceAsStream("/dlp/card.json.br").readAllBytes();
        var blocked = send("/block/echo?case=br", "application/json", br, "Content-Encoding", "br");
        assertThat(blocked.statusCode()).isEqualTo(403);
        var r = send("/redact/echo", "application/json", br, "Content-Encoding", "br");
        assertThat(r.statusCode()).isEqualTo(200);
        var got = up.last();
        assertThat(got.header("content-encoding")).isNull();
        assertThat(MAPPER.readTree(got.body()).path("payment").path("card").asText()).isEqualTo("[REDACTED:credit-card]");
    }

    @Test
    void anEncodingItCannotReadIsRefusedOrPassedAndRecorded() throws Exception {
        byte[] opaque = "\u0028\u00b5\u002f\u00fd not really zstd".getBytes(StandardCharsets.ISO_8859_1);
        var blocked = send("/block/echo?case=zstd", "application/json", opaque, "Content-Encoding", "zstd");
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(MAPPER.readTree(blocked.body()).path("message").asText()).contains("'zstd'", "onUnscannable: block");
        assertThat(count("case=zstd")).isZero();
        var corrupt = send("/block/echo?case=badgzip", "application/json", opaque, "Content-Encoding", "gzip");
        assertThat(corrupt.statusCode()).isEqualTo(403);
        var allowed = send("/lenient/echo?case=zstd", "application/json", opaque, "Content-Encoding", "zstd");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(count("case=zstd")).isEqualTo(1);
        assertThat(audit(allowed).path("dlp").toString())
                .isEqualTo("[{\"detector\":\"unscannable\",\"location\":\"body\",\"count\":1,\"action\":\"allow\"}]");
    }

    @Test
    void bodiesOverMaxScanBytesAreRefusedOrStreamedUnseen() throws Exception {
        byte[] big = ("{\"card\":\"" + CARD + "\",\"pad\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        var refused = send("/block/echo?case=big", "application/json", big);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(count("case=big")).isZero();
        // chunked (no Content-Length): found too large while it is being held, then streamed on with what was held
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/lenient/echo?case=big"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(up.last().body()).isEqualTo(big);
        assertThat(r.body()).isEqualTo(big);
        assertThat(audit(r).path("dlp").get(0).path("detector").asText()).isEqualTo("unscannable");
        var declared = send("/lenient/echo?case=big-declared", "application/json", big);
        assertThat(declared.statusCode()).isEqualTo(200);
        assertThat(up.last().body()).isEqualTo(big);
    }

    @Test
    void chunkedRequestBodiesAreHeldScannedAndRedacted() throws Exception {
        byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
        var r = http.send(HttpRequest.newBuilder(URI.create(gw.base() + "/redact/echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(up.last().header("transfer-encoding")).isNull();
        assertThat(MAPPER.readTree(received("/echo")).path("payment").path("card").asText()).isEqualTo("[REDACTED:credit-card]");
    }

    @Test
    void formAndMultipartBodiesAreScannedFieldByField() throws Exception {
        var form = send("/redact/echo", "application/x-www-form-urlencoded",
                ("name=Jane+Roe&ssn=" + SSN + "&card=4111+1111+1111+1111").getBytes(StandardCharsets.US_ASCII));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(received("/echo")).isEqualTo("name=Jane+Roe&ssn=%5BREDACTED%3Aus-ssn%5D&card=%5BREDACTED%3Acredit-card%5D");
        assertThat(audit(form).path("dlp").toString()).contains("body:ssn", "body:card");

        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nmy ssn is " + SSN + "\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                + "\u00ff\u00fe binary \u0000 bytes\r\n--XyZ--\r\n";
        var mp = send("/redact/echo", "multipart/form-data; boundary=XyZ", multipart.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(mp.statusCode()).isEqualTo(200);
        assertThat(received("/echo")).isEqualTo(multipart.replace(SSN, "[REDACTED:us-ssn]"));
        assertThat(audit(mp).path("dlp").get(0).path("location").asText()).isEqualTo("body:comment");
    }

    @Test
    void responsesAreBlockedWithNothingOfThemPassedOn() throws Exception {
        var r = json("/resp-block/echo", JSON);
        assertThat(r.statusCode()).isEqualTo(403);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("dlp_violation", "refused the response").doesNotContain("4111");
        assertThat(received("/echo")).as("a response-only policy lets the request go").isEqualTo(JSON);
        JsonNode a = audit(r);
        assertThat(a.path("dlp").get(0).toString()).isEqualTo("{\"detector\":\"credit-card\",\"location\":\"body:$.payment.card\","
                + "\"count\":1,\"action\":\"block\",\"direction\":\"response\"}");
    }

    @Test
    void responsesAreRedactedAlsoWhenChunkedOrCompressed() throws Exception {
        var r = json("/resp-redact/echo", JSON, "X-Echo-Framing", "chunked");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(r.body().length));
        assertThat(MAPPER.readTree(r.body()).path("payment").path("card").asText()).isEqualTo("[REDACTED:credit-card]");
        var gz = send("/resp-redact/echo", "application/json", gzip(JSON), "Content-Encoding", "gzip");
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String plain = new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(MAPPER.readTree(plain).path("payment").path("card").asText()).isEqualTo("[REDACTED:credit-card]");
    }

    @Test
    void twoPoliciesRedactEachTheirDirectionOnOneCall() throws Exception {
        String doc = "{\"ssn\":\"" + SSN + "\",\"card\":\"" + CARD + "\"}";
        var r = json("/two-ways/echo", doc);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode sent = MAPPER.readTree(received("/echo"));
        assertThat(sent.path("ssn").asText()).as("redacted on the way out").isEqualTo("[REDACTED:us-ssn]");
        assertThat(sent.path("card").asText()).as("not this policy's detector").isEqualTo(CARD);
        JsonNode back = MAPPER.readTree(r.body());
        assertThat(back.path("ssn").asText()).isEqualTo("[REDACTED:us-ssn]");
        assertThat(back.path("card").asText()).as("redacted on the way back").isEqualTo("[REDACTED:credit-card]");
        assertThat(audit(r).path("dlp").toString()).isEqualTo("[{\"detector\":\"us-ssn\",\"location\":\"body:$.ssn\",\"count\":1,"
                + "\"action\":\"redact\"},{\"detector\":\"credit-card\",\"location\":\"body:$.card\",\"count\":1,"
                + "\"action\":\"redact\",\"direction\":\"response\"}]");
    }

    static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
