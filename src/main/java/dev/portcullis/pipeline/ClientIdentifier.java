package dev.portcullis.pipeline;

import dev.portcullis.config.GatewayConfig.ClientDef;
import dev.portcullis.config.Secret;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;

/** Names the caller: the first client whose every condition holds, else "anonymous". */
public final class ClientIdentifier {
    public static final String ANONYMOUS = "anonymous";

    private final List<ClientDef> clients;
    private final Set<String> identityHeaders;

    public ClientIdentifier(List<ClientDef> clients) {
        this.clients = List.copyOf(clients);
        Set<String> names = new LinkedHashSet<>();
        clients.forEach(c -> names.addAll(c.headers().keySet()));
        this.identityHeaders = Set.copyOf(names);
    }

    /** Headers used to identify callers: stripped before a call leaves. */
    public Set<String> identityHeaders() { return identityHeaders; }

    public String identify(InetAddress source, Function<String, String> header) {
        return identify(source, header, null);
    }

    /** tlsSubject: the verified client certificate's subject on a TLS listener, else null. */
    public String identify(InetAddress source, Function<String, String> header, X500Principal tlsSubject) {
        String proxyAuth = header.apply("Proxy-Authorization");
        for (ClientDef c : clients) {
            if (matches(c, source, header, proxyAuth, tlsSubject)) {
                return c.name();
            }
        }
        return ANONYMOUS;
    }

    /** Does this client use proxy credentials (a 407 challenge makes sense for it)? */
    public boolean usesProxyAuth(String client) {
        return clients.stream().anyMatch(c -> c.name().equals(client) && c.proxyAuth() != null);
    }

    private static boolean matches(ClientDef c, InetAddress source, Function<String, String> header, String proxyAuth,
            X500Principal tlsSubject) {
        if (c.tlsSubject() != null && !c.tlsSubject().equals(tlsSubject)) {
            return false; // X500Principal equality compares canonical forms: spacing and case of keywords don't matter
        }
        if (!c.sourceNetworks().isEmpty() && c.sourceNetworks().stream().noneMatch(n -> n.contains(source))) {
            return false;
        }
        for (Map.Entry<String, Secret> h : c.headers().entrySet()) {
            String v = header.apply(h.getKey());
            if (v == null || !constantTimeEquals(v, h.getValue().reveal())) {
                return false;
            }
        }
        if (c.proxyAuth() != null) {
            String expected = c.proxyAuth().username() + ":" + c.proxyAuth().password().reveal();
            return proxyAuth != null && constantTimeEquals(decodeBasic(proxyAuth), expected);
        }
        return true;
    }

    /** "Basic dXNlcjpwYXNz" to "user:pass"; "" when malformed. */
    static String decodeBasic(String header) {
        String h = header.trim();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
