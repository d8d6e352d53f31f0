package dev.portcullis.config;

import dev.portcullis.config.GatewayConfig.PolicyDef;
import dev.portcullis.policies.headers.RemoveHeadersPolicy;
import dev.portcullis.policies.headers.RequireHeadersPolicy;
import dev.portcullis.policies.headers.SetHeadersPolicy;
import dev.portcullis.policies.limits.PayloadLimitsPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads 'policies': each one's name, type and mode here, its own keys by its type's parser. */
final class PolicyReader {
    /** The built-in policy types available in this version, by their config name. */
    static final Map<String, PolicyParser> TYPES = Map.ofEntries(
            Map.entry("oauth2-client-credentials", dev.portcullis.policies.credentials.OAuth2ClientCredentialsPolicy.PARSER),
            Map.entry("set-headers", SetHeadersPolicy.PARSER),
            Map.entry("remove-headers", RemoveHeadersPolicy.PARSER),
            Map.entry("require-headers", RequireHeadersPolicy.PARSER),
            Map.entry("payload-limits", PayloadLimitsPolicy.PARSER),
            Map.entry("content-digest", dev.portcullis.policies.digest.ContentDigestPolicy.PARSER),
            Map.entry("basic-auth", dev.portcullis.policies.credentials.BasicAuthPolicy.PARSER),
            Map.entry("api-key", dev.portcullis.policies.credentials.ApiKeyPolicy.PARSER),
            Map.entry("jwt-sign", dev.portcullis.policies.credentials.JwtSignPolicy.PARSER),
            Map.entry("aws-sigv4", dev.portcullis.policies.credentials.AwsSigV4Policy.PARSER),
            Map.entry("rate-limit", dev.portcullis.policies.traffic.RateLimitPolicy.PARSER),
            Map.entry("concurrency-limit", dev.portcullis.policies.traffic.ConcurrencyLimitPolicy.PARSER),
            Map.entry("retry", dev.portcullis.policies.traffic.RetryPolicy.PARSER),
            Map.entry("circuit-breaker", dev.portcullis.policies.traffic.CircuitBreakerPolicy.PARSER),
            Map.entry("quota", dev.portcullis.policies.traffic.QuotaPolicy.PARSER),
            Map.entry("dlp", dev.portcullis.policies.dlp.DlpPolicy.PARSER),
            Map.entry("response-inspection", dev.portcullis.policies.inspection.ResponseInspectionPolicy.PARSER));

    /** Types named by the contract that later versions bring: a clear message, never silently ignored. */
    private static final Set<String> PLANNED = Set.of("cache");

    private final SecretResolver secrets;
    private final References refs;

    PolicyReader(SecretResolver secrets, References refs) {
        this.secrets = secrets;
        this.refs = refs;
    }

    List<PolicyDef> read(YNode node) {
        List<PolicyDef> out = new ArrayList<>();
        List<YNode> items = node == null ? List.of() : node.list();
        for (YNode item : items == null ? List.<YNode>of() : items) {
            Map<YNode, YNode> entries = item.entries();
            if (entries == null) {
                continue;
            }
            YNode typeNode = valueOf(entries, "type");
            YNode nameNode = valueOf(entries, "name");
            String type = typeNode == null ? null : typeNode.text();
            PolicyParser parser = type == null ? null : TYPES.get(type);
            if (nameNode == null) {
                item.problem("missing required key 'name'");
            } else if (nameNode.text() != null && !refs.definePolicy(nameNode.text())) {
                nameNode.problem("duplicate policy name '" + nameNode.text() + "'");
            }
            if (typeNode == null) {
                item.problem("missing required key 'type'; one of " + String.join(", ", TYPES.keySet().stream().sorted().toList()));
                continue;
            }
            if (parser == null) {
                typeNode.problem(PLANNED.contains(type)
                        ? "policy type '" + type + "' is not available in this version of Portcullis"
                        : "unknown policy type '" + type + "'" + Suggest.closest(type, TYPES.keySet()).replace("allowed keys", "types"));
                continue;
            }
            Set<String> keys = new HashSet<>(Set.of("name", "type", "mode"));
            keys.addAll(parser.keys());
            YObject o = item.object(Set.copyOf(keys));
            String name = Names.read(o, "policy");
            Mode mode = o.has("mode") ? o.enumValue("mode", Mode.class, null) : null;
            if (o.get("shared") != null && Boolean.TRUE.equals(o.get("shared").isScalar() ? o.bool("shared", false) : null)) {
                refs.shared(o.get("shared"));
            }
            PolicySpec spec = parser.parse(o, secrets);
            if (name != null && spec != null) {
                out.add(new PolicyDef(name, type, mode, spec));
            }
        }
        return List.copyOf(out);
    }

    private static YNode valueOf(Map<YNode, YNode> entries, String key) {
        return entries.entrySet().stream().filter(e -> key.equals(e.getKey().text()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
