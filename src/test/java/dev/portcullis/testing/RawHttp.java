package dev.portcullis.testing;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Exact bytes to the gateway over a plain socket, for the cases real clients would never send. */
public final class RawHttp {
    private RawHttp() {}

    /** Sends the request and reads until the gateway closes the connection (5 s at most). */
    public static String send(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** What the socket sends until the text ends with end (a tunnel stays open: no end of stream to wait for). */
    public static String readUntil(Socket s, String end) throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        while (!all.toString().endsWith(end)) {
            int c = s.getInputStream().read();
            if (c < 0) {
                break;
            }
            all.append((char) c);
        }
        return all.toString();
    }

    /** The X-Request-Id of a raw response (the audit record's id). */
    public static String requestId(String response) {
        return response.lines().filter(l -> l.regionMatches(true, 0, "X-Request-Id:", 0, 13)).findFirst().orElseThrow()
                .substring(13).trim();
    }
}
