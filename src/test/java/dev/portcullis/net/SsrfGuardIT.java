package dev.portcullis.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testing.RawHttp;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard through the real gateway, with the guard ON and no global exemption: a loopback
 * upstream is unreachable by every spelling, private literals are refused before any dial, a
 * resolver whose answer changes (DNS rebinding) only ever gets its checked answer dialed.
 */
class SsrfGuardIT {
    static TestUpstream up;
    static TestGateway gw;
    static final AtomicInteger flips = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        up = TestUpstream.http();
        Map<String, List<InetAddress>> dns = Map.of(
                "localhost", List.of(TestGateway.ip("127.0.0.1")),
                "exempt.test", List.of(TestGateway.ip("127.0.0.1")),
                "none.test", List.of());
        HostResolver resolver = host -> {
            if (host.equals("flip.test")) { // allowed answer first, then a blocked one (rebinding)
                return CompletableFuture.completedFuture(List.of(TestGateway.ip(flips.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")));
            }
            if (host.startsWith("hang.")) {
                return new CompletableFuture<>();
            }
            List<InetAddress> a = dns.get(host);
            return a == null ? CompletableFuture.failedFuture(new UnknownHostException(host)) : CompletableFuture.completedFuture(a);
        };
        gw = TestGateway.start("""
                routes:
                  - { name: exempt, hosts: [exempt.test, flip.test], ports: [%1$d], allowNetworks: [127.0.0.1/32] }
                  - { name: slowdns, hosts: [hang.test], ports: [%1$d], timeouts: { connect: 300ms } }
                  - { name: any, hosts: ["*"], ports: [80, 443, %1$d] }   # first match wins: the catch-all goes last
                  - { name: reverse-loopback, prefix: /loop, upstream: "http://127.0.0.1:%1$d" }
                """.formatted(up.port()), resolver, Map.of(), out -> out);
    }

    @AfterAll
    static void stop() {
        gw.close();
        up.close();
    }

    static String send(String raw) throws Exception {
        return RawHttp.send(gw.port(), raw);
    }

    static String get(String url) throws Exception {
        return send("GET " + url + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1.", "localhost", "localhost.", "LOCALHOST", "[::1]", "[0:0:0:0:0:0:0:1]",
        "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]", "0177.0.0.1", "2130706433", "0x7f.1", "0x7f000001", "127.1",
        "127.000.000.001", "[::1%25lo]", "10.0.0.1", "169.254.169.254", "[fd00:ec2::254]", "100.64.0.1", "0.0.0.0"})
    void everySpellingOfAnInternalAddressIsRefusedWithoutADial(String host) throws Exception {
        int dials = gw.dialed.size();
        String port = host.startsWith("10.") || host.startsWith("169.") || host.startsWith("[fd") || host.startsWith("100.")
                || host.startsWith("0.") ? "" : ":" + up.port();
        String r = get("http://" + host + port + "/secret");
        assertThat(r).matches("(?s)HTTP/1.1 (403|400) .*").doesNotStartWith("HTTP/1.1 502");
        assertThat(r).containsAnyOf("network_denied", "bad_request");
        String c = send("CONNECT " + host + ":" + up.port() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(c).matches("(?s)HTTP/1.1 (403|400) .*");
        assertThat(gw.dialed.size()).as("no connection attempt for " + host).isEqualTo(dials);
        assertThat(up.received).noneMatch(x -> x.uri().getPath().equals("/secret"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reverse", "exempt", "rebind", "dns"})
    void exemptionsRebindingAndDnsFailures(String scenario) throws Exception {
        switch (scenario) {
            case "reverse" -> {
                String r = send("GET /loop/x HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
                assertThat(r).startsWith("HTTP/1.1 403").contains("network_denied").contains("loopback");
            }
            case "exempt" -> assertThat(get("http://exempt.test:" + up.port() + "/ok")).startsWith("HTTP/1.1 200");
            case "rebind" -> {
                assertThat(get("http://flip.test:" + up.port() + "/first")).startsWith("HTTP/1.1 200");
                int dials = gw.dialed.size();
                String second = get("http://flip.test:" + up.port() + "/second");
                assertThat(second).startsWith("HTTP/1.1 403").contains("network_denied").contains("127.0.0.2");
                assertThat(gw.dialed.size()).isEqualTo(dials);
                assertThat(gw.dialed).noneMatch(a -> a.getHostAddress().equals("127.0.0.2"));
            }
            case "dns" -> {
                String none = get("http://none.test:" + up.port() + "/");
                assertThat(none).startsWith("HTTP/1.1 502").contains("returned no address");
                String unknown = get("http://unknown.test:" + up.port() + "/");
                assertThat(unknown).startsWith("HTTP/1.1 502").contains("DNS lookup of unknown.test");
                String hang = get("http://hang.test:" + up.port() + "/");
                assertThat(hang).startsWith("HTTP/1.1 502").contains("did not answer within 300ms");
                JsonNode rec = gw.awaitAudit(RawHttp.requestId(hang));
                assertThat(rec.path("error").asText()).isEqualTo("upstream_unavailable");
            }
            default -> throw new IllegalArgumentException(scenario);
        }
    }
}
