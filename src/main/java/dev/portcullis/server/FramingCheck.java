package dev.portcullis.server;

import dev.portcullis.policy.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * Refuses request heads whose framing two servers could read differently (request smuggling):
 * Content-Length with Transfer-Encoding, codings other than a single 'chunked', differing lengths,
 * several Host headers, or a head the decoder could not parse.
 */
final class FramingCheck {
    private FramingCheck() {}

    /** The error to answer with, or null when the framing is sound. */
    static ErrorCode check(HttpRequest r, int maxHeaders) {
        if (r.decoderResult().isFailure()) {
            return ProxyHandler.decoderError(r.decoderResult().cause());
        }
        if (r.headers().size() > maxHeaders) {
            return ErrorCode.HEADER_TOO_LARGE;
        }
        return problem(r) == null ? null : ErrorCode.BAD_REQUEST;
    }

    static String describe(HttpRequest r, int maxHeaders) {
        if (!r.decoderResult().isFailure() && r.headers().size() > maxHeaders) {
            return "request has " + r.headers().size() + " header lines, more than listen.maxHeaders (" + maxHeaders + ")";
        }
        if (r.decoderResult().isFailure()) {
            Throwable c = r.decoderResult().cause();
            return switch (ProxyHandler.decoderError(c)) {
                case URI_TOO_LONG -> "request line is longer than listen.maxInitialLineLength";
                case HEADER_TOO_LARGE -> "request headers are larger than listen.maxHeaderSize";
                default -> "malformed HTTP request: " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
            };
        }
        String p = problem(r);
        return p == null ? "ok" : p;
    }

    /** The same smuggling checks for an upstream's response head; a message, or null when sound. */
    static String responseProblem(io.netty.handler.codec.http.HttpResponse r) {
        if (r.decoderResult().isFailure()) {
            Throwable c = r.decoderResult().cause();
            return "is malformed: " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        }
        return framing(r.headers());
    }

    private static String problem(HttpRequest r) {
        String framing = framing(r.headers());
        if (framing != null) {
            return "request " + framing;
        }
        HttpHeaders h = r.headers();
        List<String> host = h.getAll(HttpHeaderNames.HOST);
        if (host.size() > 1) {
            return "several Host headers";
        }
        if (host.isEmpty() && r.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return "HTTP/1.1 request without a Host header";
        }
        return null;
    }

    /** Content-Length and Transfer-Encoding that two parsers could read differently; null when sound. */
    private static String framing(HttpHeaders h) {
        List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        List<String> cl = h.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (!te.isEmpty() && !cl.isEmpty()) {
            return "has both Content-Length and Transfer-Encoding; only one may be sent";
        }
        if (te.size() > 1 || (te.size() == 1 && !te.get(0).trim().equalsIgnoreCase("chunked"))) {
            return "has unsupported Transfer-Encoding '" + RequestTarget.printable(String.join(", ", te)) + "'; only 'chunked' is accepted";
        }
        if (cl.size() > 1) {
            return "has several Content-Length headers";
        }
        if (cl.size() == 1 && !dev.portcullis.net.Digits.only(cl.get(0))) {
            return "has an invalid Content-Length '" + RequestTarget.printable(cl.get(0)) + "'";
        }
        return null;
    }
}
