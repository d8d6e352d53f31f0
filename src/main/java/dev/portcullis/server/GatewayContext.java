package dev.portcullis.server;

import dev.portcullis.observe.Recorder;
import dev.portcullis.pipeline.Runtime;
import dev.portcullis.upstream.UpstreamConnector;
import io.netty.channel.ChannelHandlerContext;
import java.util.Set;

/** What a client connection needs from the running gateway. */
interface GatewayContext {
    Runtime runtime();

    UpstreamConnector connector();

    Recorder recorder();

    /** Lower-case names of headers shown as *** in audit records. */
    Set<String> redactedHeaders();

    boolean draining();

    boolean auditBackedUp();

    void resumeWhenAuditDrains(Runnable resume);

    void requestHeadReceived(ChannelHandlerContext ctx);

    void exchangeEnded(ChannelHandlerContext ctx);
}
