package dev.portcullis.upstream;

import dev.portcullis.policy.ErrorCode;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.TimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/** Why the gateway could not reach or use an upstream, as the contract error and a message that says what to check. */
public record ConnectFailure(ErrorCode error, String message) {

    /** Maps a connect, DNS or TLS exception to the contract's error and a clear message. */
    public static ConnectFailure of(Throwable cause, String hostPort) {
        Throwable c = unwrap(cause);
        if (c instanceof ConnectTimeoutException || c instanceof TimeoutException) {
            return new ConnectFailure(ErrorCode.UPSTREAM_TIMEOUT, "connecting to " + hostPort + " timed out");
        }
        if (c instanceof UnknownHostException) {
            return new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "DNS lookup of " + hostPort + " failed: no such host");
        }
        if (c instanceof SSLException) {
            Throwable root = c;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "TLS handshake with " + hostPort + " failed: "
                    + root.getMessage() + "; check the upstream's certificate and the route's tls.caFile");
        }
        if (c instanceof ConnectException) {
            return new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "connection to " + hostPort + " refused");
        }
        if (c instanceof ClosedChannelException) {
            return new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "connection to " + hostPort + " closed before a complete response");
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        return new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "connection to " + hostPort + " failed: " + m);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof io.netty.handler.codec.DecoderException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
