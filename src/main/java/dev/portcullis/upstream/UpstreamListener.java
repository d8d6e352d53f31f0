package dev.portcullis.upstream;

import io.netty.handler.codec.http.HttpObject;

/** The call currently using an upstream connection: receives its response and its failures. */
public interface UpstreamListener {
    void upstreamRead(HttpObject msg);

    /** The connection failed or closed before the response ended. */
    void upstreamFailed(Throwable cause);

    /** The end of one read from the upstream socket: the time to flush what was written to the client. */
    void upstreamReadComplete();

    void upstreamWritable(boolean writable);

    /** The connection saw no traffic for the idle timeout while this call used it. */
    void upstreamIdle();
}
