package dev.portcullis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server on 127.0.0.1, port 0, that records what it received. Paths:
 * /echo (body back), /bytes/N (N bytes), /sleep/MS, /status/CODE, /redirect (302 to 169.254.169.254),
 * /slowsink (reads 64 KiB, pauses 3 s, then reads the rest),
 * anything else: 200 "ok".
 */
public final class TestUpstream implements AutoCloseable {
    /** One request as the upstream saw it. */
    /** What one request brought; body is kept for /echo only. */
    public record Received(String method, URI uri, Map<String, List<String>> headers, long bodyBytes, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : String.join(", ", v);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger connections = new AtomicInteger();
    /** The client ports requests came from: one per connection the gateway opened. */
    public final java.util.Set<Integer> remotePorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Body bytes this upstream has managed to write (for /bytes) and to read (for /slowsink). */
    public final java.util.concurrent.atomic.AtomicLong bytesWritten = new java.util.concurrent.atomic.AtomicLong();
    public final java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> flaky = new java.util.concurrent.ConcurrentHashMap<>();

    /** Requests carrying exactly this Authorization get 401 (a revoked token). */
    public volatile String rejectAuthorization;

    private TestUpstream(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public static TestUpstream http() throws IOException {
        return http("127.0.0.1");
    }

    /** On another loopback address (127.0.0.2 is loopback too, and blocked by the SSRF guard). */
    public static TestUpstream http(String loopbackAddress) throws IOException {
        return new TestUpstream(HttpServer.create(new InetSocketAddress(loopbackAddress, 0), 100));
    }

    public static TestUpstream https(SSLContext ssl) throws IOException {
        return https(ssl, false, null);
    }

    /** HTTPS that may require a client certificate and may be limited to some protocols (e.g. TLSv1.2). */
    public static TestUpstream https(SSLContext ssl, boolean needClientAuth, String[] protocols) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters p = ssl.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                if (protocols != null) {
                    p.setProtocols(protocols);
                }
                params.setSSLParameters(p);
            }
        });
        return new TestUpstream(s);
    }

    public int port() { return server.getAddress().getPort(); }

    public Received last() { return received.isEmpty() ? null : received.get(received.size() - 1); }

    private void handle(HttpExchange ex) throws IOException {
        remotePorts.add(ex.getRemoteAddress().getPort());
        long bytes = 0;
        byte[] echo = null;
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/base/")) {
            path = path.substring(5); // routes with a base path reach the same handlers
        }
        try (InputStream in = ex.getRequestBody()) {
            if (path.equals("/echo")) {
                echo = in.readAllBytes();
                bytes = echo.length;
            } else {
                byte[] buf = new byte[64 * 1024];
                boolean paused = !path.equals("/slowsink");
                for (int n; (n = in.read(buf)) > 0; ) {
                    bytes += n;
                    bytesRead.addAndGet(n);
                    if (!paused && bytes >= buf.length) {
                        paused = true;
                        sleep(3000);
                    }
                }
            }
        }
        Map<String, List<String>> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        received.add(new Received(ex.getRequestMethod(), ex.getRequestURI(), headers, bytes, echo));
        ex.getResponseHeaders().add("X-Portcullis-Error", "spoofed-by-upstream");
        ex.getResponseHeaders().add("X-Upstream-Bytes", Long.toString(bytes));
        try {
            if (rejectAuthorization != null && rejectAuthorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, "token revoked");
            } else if (path.startsWith("/flaky/")) { // /flaky/N/STATUS/id: the first N requests get STATUS, then 200
                String[] p = path.split("/");
                int calls = flaky.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                if (calls <= Integer.parseInt(p[2])) {
                    if (p[3].equals("429")) {
                        ex.getResponseHeaders().add("Retry-After", "1");
                    }
                    reply(ex, Integer.parseInt(p[3]), "flaky");
                } else {
                    reply(ex, 200, "recovered after " + (calls - 1));
                }
            } else if (path.equals("/echo")) { // the body back, with its Content-Type and Content-Encoding
                for (String h : List.of("Content-Type", "Content-Encoding")) {
                    String v = ex.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        ex.getResponseHeaders().set(h, v);
                    }
                }
                boolean chunked = "chunked".equals(ex.getRequestHeaders().getFirst("X-Echo-Framing"));
                ex.sendResponseHeaders(200, echo.length == 0 ? -1 : chunked ? 0 : echo.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(echo);
                }
            } else if (path.startsWith("/bytes/")) {
                long n = Long.parseLong(path.substring(7));
                ex.sendResponseHeaders(200, n);
                try (OutputStream out = ex.getResponseBody()) {
                    byte[] chunk = new byte[64 * 1024];
                    for (long left = n; left > 0; left -= chunk.length) {
                        int len = (int) Math.min(chunk.length, left);
                        out.write(chunk, 0, len);
                        bytesWritten.addAndGet(len);
                    }
                }
            } else if (path.startsWith("/sleep/")) {
                Thread.sleep(Long.parseLong(path.substring(7)));
                reply(ex, 200, "slept");
            } else if (path.startsWith("/status/")) {
                reply(ex, Integer.parseInt(path.substring(8)), "status");
            } else if (path.equals("/redirect")) {
                ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                reply(ex, 302, "moved");
            } else {
                reply(ex, 200, "ok");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
