package dev.portcullis.explain;

import dev.portcullis.config.GatewayConfig;
import dev.portcullis.config.Secret;
import dev.portcullis.policies.headers.SetHeadersPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every value that came from a secret reference with ***, in any text about to be printed.
 * Built from the config, so whatever a policy does with a secret (prefix it with "Bearer ", ...), the
 * secret itself never reaches the output.
 */
final class SecretScrubber {
    private final List<String> secrets;

    private SecretScrubber(List<String> secrets) { this.secrets = secrets; }

    static SecretScrubber of(GatewayConfig config) {
        List<Secret> all = new ArrayList<>();
        if (config.admin().token() != null) {
            all.add(config.admin().token());
        }
        config.clients().forEach(c -> {
            all.addAll(c.headers().values());
            if (c.proxyAuth() != null) {
                all.add(c.proxyAuth().password());
            }
        });
        config.policies().forEach(p -> {
            if (p.spec() instanceof SetHeadersPolicy.Spec s) {
                all.addAll(s.set().values());
                all.addAll(s.responseSet().values());
            }
        });
        List<String> values = new ArrayList<>();
        for (Secret s : all) {
            if (s.referenced() && !s.reveal().isEmpty()) {
                values.add(s.reveal());
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed()); // longest first: a secret containing another
        return new SecretScrubber(List.copyOf(values));
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, Secret.MASK);
        }
        return out;
    }
}
