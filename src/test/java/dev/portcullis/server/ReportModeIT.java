package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.testing.RawHttp;
import dev.portcullis.testing.TestGateway;
import dev.portcullis.testing.TestUpstream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rolling rules out: defaults.mode report and network.mode report, end to end. */
class ReportModeIT {
    static String get(TestGateway gw, String url) throws Exception {
        return RawHttp.send(gw.port(), "GET " + url + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    static JsonNode record(TestGateway gw, String response) throws Exception {
        return gw.awaitAudit(RawHttp.requestId(response));
    }

    @Test
    void defaultReportModeLetsUnmatchedDestinationsThroughAndRecordsThem() throws Exception {
        try (TestUpstream up = TestUpstream.http();
                TestGateway gw = TestGateway.start("""
                        defaults: { mode: report }
                        network: { allowNetworks: [127.0.0.1/32] }
                        routes:
                          - { name: known, hosts: [known.test], ports: [%d] }
                        """.formatted(up.port()),
                        Map.of("other.test", List.of(TestGateway.ip("127.0.0.1")), "inside.test", List.of(TestGateway.ip("127.0.0.2"))),
                        Map.of())) {
            String r = get(gw, "http://other.test:" + up.port() + "/would-be-denied");
            assertThat(r).startsWith("HTTP/1.1 200");
            JsonNode a = record(gw, r);
            assertThat(a.path("decision").asText()).isEqualTo("allow");
            assertThat(a.path("route").asText()).isEqualTo("(unmatched)");
            assertThat(a.path("reported").toString()).contains("{\"policy\":\"routes\",\"error\":\"destination_denied\"}");
            // report mode never lets the SSRF guard's refusals through
            String internal = get(gw, "http://inside.test:" + up.port() + "/");
            assertThat(internal).startsWith("HTTP/1.1 403").contains("network_denied");
            // and a reverse call with no route has nowhere to go
            assertThat(RawHttp.send(gw.port(), "GET /nowhere HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 403").contains("no_route");
        }
    }

    @Test
    void networkReportModeRecordsBlockedAddressesButNeverDenyNetworks() throws Exception {
        try (TestUpstream inside = TestUpstream.http("127.0.0.2");
                TestGateway gw = TestGateway.start("""
                        network: { mode: report, denyNetworks: [127.0.0.3/32] }
                        routes:
                          - { name: internal, hosts: [inside.test, denied.test], ports: [%d] }
                        """.formatted(inside.port()),
                        Map.of("inside.test", List.of(TestGateway.ip("127.0.0.2")), "denied.test", List.of(TestGateway.ip("127.0.0.3"))),
                        Map.of())) {
            String r = get(gw, "http://inside.test:" + inside.port() + "/x");
            assertThat(r).startsWith("HTTP/1.1 200");
            JsonNode a = record(gw, r);
            assertThat(a.path("upstreamAddress").asText()).isEqualTo("127.0.0.2:" + inside.port());
            assertThat(a.path("reported").toString()).contains("{\"policy\":\"network\",\"error\":\"network_denied\"}");
            String denied = get(gw, "http://denied.test:" + inside.port() + "/x");
            assertThat(denied).startsWith("HTTP/1.1 403").contains("network.denyNetworks");
            assertThat(gw.dialed).noneMatch(x -> x.getHostAddress().equals("127.0.0.3"));
        }
    }
}
