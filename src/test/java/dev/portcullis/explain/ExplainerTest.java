package dev.portcullis.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.net.HostResolver;
import dev.portcullis.pipeline.Runtime;
import dev.portcullis.pipeline.RuntimeCompiler;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ExplainerTest {
    static final String YAML = """
            version: 1
            clients:
              - { name: billing, match: { header: { X-Portcullis-Client: billing } } }
              - { name: office, match: { sourceNetworks: [192.168.10.0/24] } }
            routes:
              - name: stripe
                prefix: /stripe
                upstream: https://api.stripe.com
                clients: [billing]
                methods: [GET, POST]
                paths: ["/v1/charges/**"]
                policies: [stripe-auth, team]
              - { name: partner, hosts: [api.partner.test], ports: [443], allowNetworks: [10.20.0.0/16] }
              - { name: public, hosts: ["*.example.com"], ports: [443] }
            policies:
              - { name: stripe-auth, type: set-headers, set: { Authorization: "Bearer ${env:STRIPE_KEY}" } }
              - { name: team, type: require-headers, headers: [X-Team] }
            """;

    static Runtime runtime() throws Exception {
        return RuntimeCompiler.compile("t", new ConfigLoader(new SecretResolver(Map.of("STRIPE_KEY", "sk_live_SECRET")::get))
                .parse("t", YAML));
    }

    static final HostResolver DNS = host -> CompletableFuture.completedFuture(switch (host) {
        case "api.partner.test" -> List.of(ip("10.20.1.5"));
        case "evil.example.com" -> List.of(ip("93.184.216.34"), ip("169.254.169.254"));
        case "rebound.example.com" -> List.of(ip("127.0.0.1"));
        default -> List.of();
    });

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Explainer.Call call(String method, String target, Map<String, List<String>> headers) {
        return new Explainer.Call(method, target, null, ip("127.0.0.1"), headers, null);
    }

    @Test
    void anAllowedCallShowsRoutePoliciesAndMaskedCredentials() throws Exception {
        Explanation e = new Explainer(runtime(), null).explain(call("POST", "/stripe/v1/charges/ch_1",
                Map.of("X-Portcullis-Client", List.of("billing"), "X-Team", List.of("pay"))));
        assertThat(e.decision()).isEqualTo("allow");
        assertThat(e.route()).isEqualTo("stripe");
        assertThat(e.upstream()).isEqualTo("https://api.stripe.com/v1/charges/ch_1");
        assertThat(e.policies()).extracting(Explanation.PolicyVerdict::verdict).containsExactly("continue", "continue");
        assertThat(e.headerChanges()).contains("Authorization: ***", "X-Portcullis-Client: (removed)");
        assertThat(e.network()).startsWith("not checked");
        assertThat(e.toString()).doesNotContain("sk_live_SECRET");
    }

    @Test
    void dlpFindingsAndRedactionsAreShownWithoutTheValues() throws Exception {
        Runtime rt = RuntimeCompiler.compile("t", new ConfigLoader(new SecretResolver(Map.<String, String>of()::get)).parse("t", """
                version: 1
                routes:
                  - { name: pay, prefix: /pay, upstream: "https://pay.example", policies: [pii, cards] }
                policies:
                  - { name: pii, type: dlp, action: redact, detectors: [us-ssn] }
                  - { name: cards, type: dlp, action: block, detectors: [credit-card] }
                """));
        byte[] body = "{\"ssn\":\"123-45-6789\",\"card\":\"4111111111111111\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Explanation e = new Explainer(rt, null).explain(new Explainer.Call("POST", "/pay/x", null, ip("127.0.0.1"),
                Map.of("Content-Type", List.of("application/json")), body));
        assertThat(e.decision()).isEqualTo("deny");
        assertThat(e.error()).isEqualTo("dlp_violation");
        assertThat(e.headerChanges()).contains("dlp: us-ssn at body:$.ssn, redact", "dlp: credit-card at body:$.card, block");
        assertThat(e.headerChanges()).anySatisfy(c -> assertThat(c).startsWith("body: replaced ("));
        assertThat(e.toString()).doesNotContain("123-45-6789").doesNotContain("4111111111111111");
    }

    @Test
    void theFirstEnforcedDenialDecidesAndLaterPoliciesDoNotRun() throws Exception {
        Explanation e = new Explainer(runtime(), null).explain(call("GET", "/stripe/v1/charges",
                Map.of("X-Portcullis-Client", List.of("billing"))));
        assertThat(e.decision()).isEqualTo("deny");
        assertThat(e.error()).isEqualTo("missing_header");
        assertThat(e.message()).startsWith("team: ");
        assertThat(e.policies()).extracting(Explanation.PolicyVerdict::verdict).containsExactly("continue", "deny");
    }

    @Test
    void routeRulesAndClientIdentityAreTheGatewaysOwn() throws Exception {
        Explainer x = new Explainer(runtime(), null);
        assertThat(x.explain(call("GET", "/stripe/v1/charges/1", Map.of())).error()).isEqualTo("client_denied");
        assertThat(x.explain(call("GET", "/nowhere", Map.of())).error()).isEqualTo("no_route");
        assertThat(x.explain(call("GET", "https://evil.test/", Map.of())).error()).isEqualTo("destination_denied");
        assertThat(x.explain(call("GET", "http://0177.0.0.1/", Map.of())).error()).isEqualTo("bad_request");
        Explanation office = x.explain(new Explainer.Call("GET", "/nowhere", null, ip("192.168.10.7"), Map.of(), null));
        assertThat(office.client()).isEqualTo("office");
        Explanation forced = x.explain(new Explainer.Call("DELETE", "/stripe/v1/charges/1", "billing", ip("127.0.0.1"), Map.of(), null));
        assertThat(forced.error()).isEqualTo("method_denied");
    }

    @Test
    void credentialPoliciesThatWouldCallOutShowTheirHeaderMaskedAndDoNotDeny() throws Exception {
        Runtime rt = RuntimeCompiler.compile("t", new ConfigLoader(new SecretResolver(Map.of("S", "client-secret-value")::get)).parse("t", """
                version: 1
                routes:
                  - { name: partner, prefix: /partner, upstream: "https://api.partner.test", policies: [oauth] }
                policies:
                  - { name: oauth, type: oauth2-client-credentials, tokenUrl: "https://idp.test/token", clientId: a, clientSecret: "${env:S}" }
                """));
        Explanation e = new Explainer(rt, null).explain(call("GET", "/partner/x", Map.of()));
        assertThat(e.decision()).isEqualTo("allow");
        assertThat(e.headerChanges()).containsExactly("Authorization: ***");
        assertThat(e.toString()).doesNotContain("client-secret-value");
    }

    @Test
    void namesAreCheckedAgainstTheGuardOnlyWhenResolving() throws Exception {
        Explainer offline = new Explainer(runtime(), null);
        assertThat(offline.explain(call("CONNECT", "rebound.example.com:443", Map.of())).decision()).isEqualTo("allow");
        Explainer resolving = new Explainer(runtime(), DNS);
        Explanation rebound = resolving.explain(call("CONNECT", "rebound.example.com:443", Map.of()));
        assertThat(rebound.decision()).isEqualTo("deny");
        assertThat(rebound.error()).isEqualTo("network_denied");
        assertThat(rebound.network()).contains("loopback");
        Explanation partner = resolving.explain(call("CONNECT", "api.partner.test:443", Map.of()));
        assertThat(partner.decision()).isEqualTo("allow");
        assertThat(partner.network()).isEqualTo("allowed: would connect to 10.20.1.5");
        Explanation mixed = resolving.explain(call("GET", "https://evil.example.com/", Map.of()));
        assertThat(mixed.decision()).isEqualTo("allow");
        assertThat(mixed.network()).contains("93.184.216.34").contains("cloud metadata");
        Explanation literal = offline.explain(call("GET", "https://[::ffff:a9fe:a9fe]/", Map.of()));
        assertThat(literal.error()).isIn("destination_denied", "network_denied");
    }
}
