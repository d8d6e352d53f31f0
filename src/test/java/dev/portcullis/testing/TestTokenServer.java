package dev.portcullis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth2 token endpoint for the client_credentials grant (RFC 6749 §4.4), run for real on loopback:
 * client authentication by HTTP Basic (§2.3.1, form-encoded id and secret) or in the form body, errors
 * as JSON with an "error" code (§5.2). Tokens are "token-N"; it counts the requests it serves.
 */
public final class TestTokenServer implements AutoCloseable {
    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    public final AtomicInteger requests = new AtomicInteger();
    public volatile long expiresIn = 3600;
    public volatile long delayMillis;
    public volatile String lastScope;

    public TestTokenServer(String clientId, String clientSecret) throws IOException {
        this(clientId, clientSecret, null);
    }

    /** Over HTTPS when ssl is given (an identity provider with a private CA). */
    public TestTokenServer(String clientId, String clientSecret, javax.net.ssl.SSLContext ssl) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        if (ssl == null) {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } else {
            var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ssl));
            this.server = https;
        }
        server.createContext("/oauth2/token", this::token);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String url() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https://idp.test:" : "http://127.0.0.1:")
                + server.getAddress().getPort() + "/oauth2/token";
    }

    private void token(HttpExchange ex) throws IOException {
        int n = requests.incrementAndGet();
        Map<String, String> form = new HashMap<>();
        for (String part : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                form.put(decode(part.substring(0, eq)), decode(part.substring(eq + 1)));
            }
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
            id = decode(pair.substring(0, pair.indexOf(':')));
            secret = decode(pair.substring(pair.indexOf(':') + 1));
        }
        if (!"POST".equals(ex.getRequestMethod()) || !"client_credentials".equals(form.get("grant_type"))) {
            reply(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        if (!clientId.equals(id) || !clientSecret.equals(secret)) {
            reply(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        lastScope = form.get("scope");
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reply(ex, 200, "{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
    }

    private static String decode(String s) { return URLDecoder.decode(s, StandardCharsets.UTF_8); }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override public void close() { server.stop(0); }
}
