package dev.portcullis.config;

import dev.portcullis.config.GatewayConfig.ClientDef;
import dev.portcullis.config.GatewayConfig.ProxyAuth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads 'clients': who is calling, matched by source network, header and proxy credentials. */
final class ClientReader {
    private final SecretResolver secrets;
    private final References refs;

    ClientReader(SecretResolver secrets, References refs) {
        this.secrets = secrets;
        this.refs = refs;
    }

    List<ClientDef> read(YNode node) {
        List<ClientDef> out = new ArrayList<>();
        List<YNode> items = node == null ? List.of() : node.list();
        for (YNode item : items == null ? List.<YNode>of() : items) {
            YObject o = item.object(Set.of("name", "match"));
            if (o == null) {
                continue;
            }
            String name = Names.read(o, "client");
            if (name != null && (name.equals("anonymous") || !refs.defineClient(name))) {
                o.get("name").problem(name.equals("anonymous") ? "'anonymous' is reserved for calls that match no client"
                        : "duplicate client name '" + name + "'");
            }
            YObject match = o.object("match", Set.of("sourceNetworks", "header", "proxyAuth", "tlsSubject"));
            if (match == null) {
                item.problem("client '" + name + "' needs 'match' with sourceNetworks, header and/or proxyAuth");
                continue;
            }
            Map<String, Secret> headers = new LinkedHashMap<>();
            YNode h = match.get("header");
            if (h != null && h.entries() != null) {
                h.entries().forEach((k, v) -> {
                    String value = v.text();
                    Secret s = value == null ? null : secrets.resolve(value, v, v.problems());
                    if (k.text() != null && s != null) {
                        headers.put(k.text(), s);
                    }
                });
            }
            ProxyAuth proxyAuth = null;
            YObject pa = match.object("proxyAuth", Set.of("username", "password"));
            if (pa != null) {
                String user = pa.required("username");
                YNode pw = pa.get("password");
                Secret password = null;
                if (pw == null) {
                    pa.node().problem("missing required key 'password'");
                } else if (pw.text() != null) {
                    password = secrets.resolve(pw.text(), pw, pw.problems());
                }
                if (user != null && user.indexOf(':') >= 0) {
                    pa.get("username").problem("a Basic username cannot contain ':'");
                }
                proxyAuth = user == null || password == null ? null : new ProxyAuth(user, password);
            }
            var networks = ConfigLoader.cidrs(match, "sourceNetworks");
            javax.security.auth.x500.X500Principal subject = null;
            String dn = match.string("tlsSubject", null);
            if (dn != null) {
                try {
                    subject = new javax.security.auth.x500.X500Principal(dn);
                } catch (IllegalArgumentException e) {
                    match.get("tlsSubject").problem("'" + dn + "' is not a distinguished name; write e.g. \"CN=billing,O=Acme\"");
                }
            }
            if (networks.isEmpty() && headers.isEmpty() && proxyAuth == null && dn == null && !match.has("proxyAuth")) {
                match.node().problem("client '" + name + "' matches every call; give sourceNetworks, header, proxyAuth or tlsSubject");
            }
            out.add(new ClientDef(name, networks, Map.copyOf(headers), proxyAuth, subject));
        }
        return List.copyOf(out);
    }
}
