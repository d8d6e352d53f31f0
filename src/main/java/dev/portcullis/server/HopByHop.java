package dev.portcullis.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/** Removes hop-by-hop headers (RFC 9110 §7.6.1) so they never cross the gateway. */
final class HopByHop {
    private static final List<CharSequence> ALWAYS = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE, "Proxy-Connection");

    private HopByHop() {}

    static void strip(HttpHeaders headers) {
        List<String> named = new ArrayList<>(0);
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                String t = token.trim();
                if (!t.isEmpty()) {
                    named.add(t);
                }
            }
        }
        for (CharSequence name : ALWAYS) {
            headers.remove(name);
        }
        for (String name : named) {
            headers.remove(name);
        }
    }
}
