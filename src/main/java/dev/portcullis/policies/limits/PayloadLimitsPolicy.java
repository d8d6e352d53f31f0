package dev.portcullis.policies.limits;

import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.jackson.core.JsonFactory;
import dev.portcullis.config.PolicyParser;
import dev.portcullis.config.PolicySpec;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.config.YNode;
import dev.portcullis.config.YObject;
import dev.portcullis.policy.BodyCheck;
import dev.portcullis.policy.BodyLimits;
import dev.portcullis.policy.MediaTypes;
import dev.portcullis.policy.Policy;
import dev.portcullis.policy.RequestView;
import java.util.Set;

/**
 * payload-limits: caps request and response body sizes, and (threat protection) the structure of JSON
 * and XML request bodies. Bodies still stream: the server counts bytes and refuses with 413 as soon as
 * a size limit is crossed; JSON and XML are parsed as they pass and refused with 400 at the token that
 * crosses a structure limit, or when they are not well-formed (a DOCTYPE is always refused).
 */
public final class PayloadLimitsPolicy implements Policy {
    private final Spec spec;
    private final BodyLimits limits;
    private final JsonFactory json;
    private final AsyncXMLInputFactory xml;

    PayloadLimitsPolicy(Spec spec) {
        this.spec = spec;
        this.limits = new BodyLimits(spec.maxRequestBody(), spec.maxResponseBody());
        this.json = spec.json() == null ? null : JsonStructureCheck.factory(spec.json());
        this.xml = spec.xml() == null ? null : XmlStructureCheck.factory();
    }

    @Override public String type() { return "payload-limits"; }

    @Override public BodyLimits bodyLimits() { return limits; }

    @Override
    public BodyCheck requestBodyCheck(RequestView request) {
        if (json == null && xml == null) {
            return null;
        }
        String type = request.headers().get("Content-Type");
        if (json != null && MediaTypes.isJson(type)) {
            return new JsonStructureCheck(json, spec.json());
        }
        if (xml != null && MediaTypes.isXml(type)) {
            return new XmlStructureCheck(xml, spec.xml());
        }
        return null;
    }

    public record Spec(long maxRequestBody, long maxResponseBody, JsonLimits json, XmlLimits xml) implements PolicySpec {
        @Override public Policy create(String name, dev.portcullis.policy.PolicyContext context) { return new PayloadLimitsPolicy(this); }
    }

    public static final PolicyParser PARSER = new PolicyParser() {
        @Override public Set<String> keys() { return Set.of("maxRequestBody", "maxResponseBody", "json", "xml"); }

        @Override public PolicySpec parse(YObject o, SecretResolver secrets) {
            if (!o.has("maxRequestBody") && !o.has("maxResponseBody") && !o.has("json") && !o.has("xml")) {
                o.node().problem("payload-limits needs at least one of 'maxRequestBody', 'maxResponseBody', 'json', 'xml'");
            }
            YObject j = o.object("json", Set.of("maxDepth", "maxKeysPerObject", "maxArrayItems", "maxStringLength", "maxTotalEntries"));
            YObject x = o.object("xml", Set.of("maxDepth", "maxElements", "maxAttributesPerElement", "maxTextLength"));
            JsonLimits json = j == null ? null : new JsonLimits(count(j, "maxDepth"), count(j, "maxKeysPerObject"),
                    count(j, "maxArrayItems"), count(j, "maxStringLength"), count(j, "maxTotalEntries"));
            XmlLimits xml = x == null ? null : new XmlLimits(count(x, "maxDepth"), count(x, "maxElements"),
                    count(x, "maxAttributesPerElement"), count(x, "maxTextLength"));
            return new Spec(o.size("maxRequestBody", Long.MAX_VALUE), o.size("maxResponseBody", Long.MAX_VALUE), json, xml);
        }

        private static int count(YObject o, String key) {
            YNode n = o.get(key);
            Integer v = n == null ? null : n.integer(1, Integer.MAX_VALUE);
            return v == null ? 0 : v;
        }
    };
}
