package dev.portcullis.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.portcullis.policy.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;

/** The gateway's own refusals: the contract's JSON body plus X-Portcullis-Error and X-Request-Id. */
public final class ErrorResponses {
    public static final String ERROR_HEADER = "X-Portcullis-Error";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final JsonFactory JSON = new JsonFactory();

    private ErrorResponses() {}

    public static FullHttpResponse build(ByteBufAllocator alloc, ErrorCode error, String message, String requestId) {
        ByteBuf body = alloc.buffer(128 + message.length());
        try (JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(body))) {
            g.writeStartObject();
            g.writeStringField("error", error.code());
            g.writeStringField("message", message);
            g.writeStringField("requestId", requestId);
            g.writeEndObject();
        } catch (IOException e) {
            body.release();
            throw new IllegalStateException(e);
        }
        body.writeByte('\n');
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(error.status()), body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(ERROR_HEADER, error.code())
                .set(REQUEST_ID_HEADER, requestId)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (error == ErrorCode.PROXY_AUTH_REQUIRED) {
            r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"portcullis\"");
        }
        return r;
    }
}
