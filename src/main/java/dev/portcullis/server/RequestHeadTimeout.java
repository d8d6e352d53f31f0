package dev.portcullis.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.logging.Logger;

/**
 * Cuts off a client that starts a request but does not finish its head in time (slowloris). The clock
 * starts at the first byte of each request and stops when the head is parsed.
 */
final class RequestHeadTimeout extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(RequestHeadTimeout.class.getName());
    private final long timeoutMillis;
    private boolean waitingForHead = true;
    private LazyDeadline deadline;

    RequestHeadTimeout(long timeoutMillis) { this.timeoutMillis = timeoutMillis; }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = new LazyDeadline(ctx.executor(), () -> {
            LOG.fine(() -> "closing " + ctx.channel().remoteAddress() + ": request head not complete within " + timeoutMillis + "ms");
            ctx.close();
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waitingForHead && !deadline.armed()) {
            deadline.arm(timeoutMillis);
        }
        ctx.fireChannelRead(msg);
    }

    void headReceived() {
        waitingForHead = false;
        deadline.disarm();
    }

    void exchangeEnded() { waitingForHead = true; }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline.cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel();
    }
}
