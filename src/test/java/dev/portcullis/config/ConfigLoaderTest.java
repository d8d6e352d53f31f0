package dev.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(new SecretResolver(Map.of("TOKEN", "s3cr3t-token")::get));

    private List<ConfigProblem> problems(String yaml) {
        try {
            loader.parse("test.yaml", yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("config was accepted:\n" + yaml);
    }

    @Test
    void quickstartConfigAtTheRepositoryRootIsValid() throws Exception {
        GatewayConfig c = ConfigLoader.withSystemEnv().load(Path.of("portcullis.yaml"));
        assertThat(c.routes()).extracting(GatewayConfig.RouteDef::name).containsExactly("httpbin", "github");
    }

    /** A header secret with a stray line break would fail every call (and must never split a header): refused at load, not shown. */
    @Test
    void aHeaderSecretWithALineBreakIsRefusedAtLoadWithoutShowingIt() throws Exception {
        ConfigLoader withBreak = new ConfigLoader(new SecretResolver(Map.of("KEY", "k3y-v4lue\r\nX-Injected: 1", "TAB", "a\tb")::get));
        String yaml = """
                version: 1
                routes:
                  - { name: r, prefix: /r, upstream: "https://x.example", policies: [k] }
                policies:
                  - { name: k, type: api-key, in: header, field: X-Api-Key, value: "${env:KEY}" }
                """;
        assertThatThrownBy(() -> withBreak.parse("t.yaml", yaml)).isInstanceOf(ConfigException.class).satisfies(e -> {
            ConfigProblem p = ((ConfigException) e).problems().get(0);
            assertThat(p.path()).isEqualTo("policies[0].value");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("a carriage return").contains("index 9").doesNotContain("k3y", "Injected");
        });
        // in a query (percent-encoded) a line break is only odd, and a tab is allowed in a header
        assertThat(withBreak.parse("t.yaml", yaml.replace("in: header", "in: query"))).isNotNull();
        assertThat(withBreak.parse("t.yaml", yaml.replace("${env:KEY}", "${env:TAB}"))).isNotNull();
    }

    @Test
    void embeddedDefaultDeniesEverything() throws Exception {
        GatewayConfig c = loader.loadDefault();
        assertThat(c.routes()).isEmpty();
        assertThat(c.admin().address().toString()).isEqualTo("127.0.0.1:9901");
        assertThat(c.audit().sink()).isEqualTo(GatewayConfig.Sink.STDOUT);
    }

    @Test
    void unknownKeyIsReportedWithPathLineAndColumnAndASuggestion() {
        List<ConfigProblem> p = problems("version: 1\nroutes:\n  - name: a\n    prefix: /a\n    upstream: http://a.example\n    methds: [GET]\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).path()).isEqualTo("routes[0].methds");
        assertThat(p.get(0).line()).isEqualTo(6);
        assertThat(p.get(0).column()).isEqualTo(5);
        assertThat(p.get(0).message()).contains("unknown key 'methds'").contains("did you mean 'methods'");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = """
                version: 1
                defaults:
                  timeouts: { connect: 5 }
                  maxRequestBody: 10MB
                routes:
                  - name: dup
                    prefix: /a
                    upstream: ftp://a.example
                  - name: dup
                    prefix: /b
                    hosts: [b.example]
                  - name: neither
                  - name: refs
                    hosts: ["*.example.com"]
                    ports: [http]
                    clients: [nobody]
                    policies: [missing-policy]
                policies:
                  - name: p
                    type: set-headers
                    set: { X-Key: "${env:NOT_SET}" }
                """;
        List<ConfigProblem> p = problems(yaml);
        assertThat(p).extracting(ConfigProblem::path).contains(
                "defaults.timeouts.connect", "defaults.maxRequestBody", "routes[0].upstream", "routes[1].name",
                "routes[1]", "routes[2]", "routes[3].ports[0]", "routes[3].clients[0]", "routes[3].policies[0]",
                "policies[0].set.X-Key");
        assertThat(p).allSatisfy(x -> assertThat(x.line()).isPositive());
        assertThat(String.join("\n", p.stream().map(ConfigProblem::toString).toList()))
                .contains("invalid duration '5'")
                .contains("invalid size '10MB'")
                .contains("duplicate route name 'dup'")
                .contains("both 'prefix' (reverse) and 'hosts' (forward)")
                .contains("needs either 'prefix' + 'upstream' (reverse) or 'hosts' (forward)")
                .contains("client 'nobody' is not defined")
                .contains("policy 'missing-policy' is not defined")
                .contains("environment variable 'NOT_SET' is not set");
    }

    @Test
    void aHeaderValueWithALineBreakIsTheOneProblemReported(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "abc\r\nX-Evil: 1\n"); // a trailing line break is stripped, the inner one is not
        List<ConfigProblem> p = problems("""
                version: 1
                policies:
                  - name: p
                    type: set-headers
                    set: { X-Token: "${file:%s}" }
                """.formatted(secret));
        assertThat(p).hasSize(1); // not also "set-headers needs 'set'": the entry is there, its value is what is wrong
        assertThat(p.get(0).path()).isEqualTo("policies[0].set.X-Token");
        assertThat(p.get(0).line()).isEqualTo(5);
        assertThat(p.get(0).message()).contains("line break or control character").contains("the secret file or variable")
                .doesNotContain("abc").doesNotContain("Evil"); // the secret never shows in an error

        List<ConfigProblem> empty = problems("version: 1\npolicies:\n  - { name: p, type: set-headers, set: {} }\n");
        assertThat(empty).extracting(ConfigProblem::message).containsExactly(
                "set-headers needs 'set' (request headers) or 'responseSet' (response headers)");
        List<ConfigProblem> notAMapping = problems("version: 1\npolicies:\n  - { name: p, type: set-headers, set: [a] }\n");
        assertThat(notAMapping).extracting(ConfigProblem::message).containsExactly("expected a mapping (key: value), found a list");
        List<ConfigProblem> badName = problems("version: 1\npolicies:\n  - { name: p, type: remove-headers, remove: [\"bad name\"] }\n");
        assertThat(badName).extracting(ConfigProblem::message).containsExactly("'bad name' is not a valid HTTP header name");
        List<ConfigProblem> noRemove = problems("version: 1\npolicies:\n  - { name: p, type: remove-headers, remove: [] }\n");
        assertThat(noRemove).extracting(ConfigProblem::message).containsExactly(
                "remove-headers needs 'remove' (request headers) or 'responseRemove' (response headers)");
        List<ConfigProblem> requireNothing = problems("version: 1\npolicies:\n  - { name: p, type: require-headers, headers: [] }\n");
        assertThat(requireNothing).extracting(ConfigProblem::message).containsExactly(
                "require-headers needs 'headers': the list of header names that must be present");
    }

    @Test
    void wrongTypesAreNamed() {
        List<ConfigProblem> p = problems("version: 1\nroutes: {a: 1}\nnetwork: { blockPrivateNetworks: maybe, allowNetworks: [10.0.0.0/33] }\n");
        assertThat(p).extracting(ConfigProblem::message).anySatisfy(m -> assertThat(m).contains("expected a list"))
                .anySatisfy(m -> assertThat(m).contains("expected true or false"))
                .anySatisfy(m -> assertThat(m).contains("'10.0.0.0/33' is not a network"));
    }

    @Test
    void duplicateYamlKeysAndSyntaxErrorsArePositioned() {
        List<ConfigProblem> dup = problems("version: 1\ninstance: a\ninstance: b\n");
        assertThat(dup.get(0).message()).contains("duplicate key 'instance'");
        assertThat(dup.get(0).line()).isEqualTo(3);
        List<ConfigProblem> bad = problems("version: 1\nroutes: [\n");
        assertThat(bad.get(0).message()).startsWith("not valid YAML");
        assertThat(bad.get(0).line()).isPositive();
    }

    @Test
    void policyTypesOfLaterVersionsAreRefusedClearly() {
        List<ConfigProblem> p = problems("version: 1\npolicies:\n  - name: x\n    type: cache\n    ttl: 5s\n");
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("policies[0].type");
            assertThat(x.message()).contains("'cache' is not available in this version");
        });
    }

    @Test
    void dlpProblemsNameTheKeyAndPosition() {
        List<ConfigProblem> p = problems("""
                version: 1
                policies:
                  - name: pii
                    type: dlp
                    detectors: [credit-card, passport, { name: ref, pattern: '(a)\\1' }]
                    scope: [body, cookies]
                    keepLast: 4
                    replacement: "***"
                    onUnscannable: maybe
                """);
        assertThat(p).extracting(ConfigProblem::message).anySatisfy(m -> assertThat(m).contains("unknown detector 'passport'"))
                .anySatisfy(m -> assertThat(m).contains("invalid pattern (RE2 syntax"))
                .anySatisfy(m -> assertThat(m).contains("invalid scope 'cookies'"))
                .anySatisfy(m -> assertThat(m).contains("either 'replacement' or 'keepLast'"))
                .anySatisfy(m -> assertThat(m).contains("invalid value 'maybe'"));
        assertThat(p).filteredOn(x -> x.message().contains("passport")).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("policies[0].detectors[1]");
            assertThat(x.line()).isEqualTo(5);
        });
        List<ConfigProblem> replacement = problems("version: 1\npolicies:\n  - { name: pii, type: dlp, replacement: \"[MASQU\u00c9]\" }\n");
        assertThat(replacement).singleElement().satisfies(x -> {
            assertThat(x.message()).contains("replacement must be printable ASCII; character 7 is U+00C9");
            assertThat(x.path()).isEqualTo("policies[0].replacement");
            assertThat(x.line()).isEqualTo(3);
        });
        List<ConfigProblem> inspection = problems("version: 1\npolicies:\n  - { name: r, type: response-inspection, contentTypes: [json] }\n");
        assertThat(inspection).singleElement().satisfies(x -> assertThat(x.message()).contains("'json' is not a media type"));
    }

    @Test
    void secretsResolveFromEnvAndFilesAndNeverPrint(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("key");
        Files.writeString(secret, "file-secret-value \n\n");
        GatewayConfig c = loader.parse("t", """
                version: 1
                admin: { address: 0.0.0.0:9901, token: "${env:TOKEN}" }
                policies:
                  - name: auth
                    type: set-headers
                    set: { Authorization: "Bearer ${file:%s}" }
                """.formatted(secret));
        assertThat(c.admin().token().reveal()).isEqualTo("s3cr3t-token");
        assertThat(c.admin().token().toString()).isEqualTo("***");
        var spec = (dev.portcullis.policies.headers.SetHeadersPolicy.Spec) c.policies().get(0).spec();
        assertThat(spec.set().get("Authorization").reveal()).isEqualTo("Bearer file-secret-value");
        assertThat(c.toString()).doesNotContain("s3cr3t-token").doesNotContain("file-secret-value");
    }

    @Test
    void networkRulesAreCidrsOrCidrsWithPorts() throws Exception {
        GatewayConfig c = loader.parse("t", """
                version: 1
                network:
                  allowNetworks: [10.1.0.0/16, { network: 10.20.0.0/16, ports: [443, 8443] }]
                """);
        assertThat(c.network().allowNetworks()).hasSize(2);
        assertThat(c.network().allowNetworks().get(1).ports()).containsExactlyInAnyOrder(443, 8443);
        assertThat(problems("version: 1\nnetwork: { allowNetworks: [{ ports: [443] }, { network: 10.0.0.0/8, port: 1 }] }\n"))
                .extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).contains("missing required key 'network'"))
                .anySatisfy(m -> assertThat(m).contains("unknown key 'port'"));
    }

    @Test
    void listenerTlsAndCertificateSubjectsAreChecked() {
        List<ConfigProblem> p = problems("""
                version: 1
                listen: { address: 127.0.0.1:8443, tls: { certFile: /nonexistent/gw.pem, clientAuth: sometimes } }
                clients:
                  - { name: a, match: { tlsSubject: "not a dn" } }
                """);
        assertThat(p).extracting(ConfigProblem::path)
                .contains("listen.tls.certFile", "listen.tls", "listen.tls.clientAuth", "clients[0].match.tlsSubject");
    }

    @Test
    void theSharedStoreIsConfiguredOrSharedLimitsAreRefused() throws Exception {
        GatewayConfig c = loader.parse("t", """
                version: 1
                store: { redis: "redis://:${env:TOKEN}@127.0.0.1:6379", timeout: 20ms, onStoreFailure: deny }
                policies:
                  - { name: l, type: rate-limit, limit: 5, shared: true }
                """);
        assertThat(c.store().timeout().toMillis()).isEqualTo(20);
        assertThat(c.store().onStoreFailure()).isEqualTo(GatewayConfig.StoreFailure.DENY);
        assertThat(c.store().redis().toString()).isEqualTo("***");
        assertThat(problems("version: 1\npolicies:\n  - { name: l, type: rate-limit, limit: 5, shared: true }\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("policies[0].shared");
                    assertThat(p.message()).contains("no 'store' is configured");
                });
        assertThat(problems("version: 1\nstore: { redis: http://x }\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("redis://"));
    }

    @Test
    void adminTokenIsRequiredOffLoopback() {
        assertThat(problems("version: 1\nadmin: { address: 0.0.0.0:9901 }\n"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("admin.token is required"));
    }

    @Test
    void routeTimeoutsFallBackToDefaults() throws Exception {
        GatewayConfig c = loader.parse("t", """
                version: 1
                defaults: { timeouts: { connect: 2s, response: 9s } }
                routes:
                  - { name: r, prefix: /r, upstream: "https://r.example:8443/base/", timeouts: { response: 250ms } }
                """);
        var t = c.routes().get(0).timeouts().over(c.defaults().timeouts());
        assertThat(t.connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.response()).isEqualTo(Duration.ofMillis(250));
        assertThat(t.idle()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void missingVersionAndEmptyFileAreErrors() {
        assertThat(problems("routes: []\n")).singleElement().satisfies(p -> assertThat(p.message()).contains("'version: 1'"));
        assertThat(problems("")).singleElement().satisfies(p -> assertThat(p.message()).contains("empty"));
    }

    @Test
    void secretReferencesOutsideCredentialFieldsAreRefused() {
        assertThat(problems("version: 1\ninstance: ${env:TOKEN}\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("secret references are not allowed here"));
    }

    @Test
    void unreadableCaFileIsAConfigError() {
        assertThatThrownBy(() -> loader.parse("t", "version: 1\nroutes:\n  - { name: r, prefix: /r, upstream: https://x.example, tls: { caFile: /nonexistent/ca.pem } }\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems().get(0).path()).isEqualTo("routes[0].tls.caFile"));
    }
}
