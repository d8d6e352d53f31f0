package dev.portcullis.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a client that starts a request but does not finish its head in time (slowloris). The clock
 * starts at the first byte of each request and stops when the head is parsed.
 */
final class RequestHeadTimeout extends ChannelInboundHandlerAdapter {
    private final long timeoutMillis;
    private boolean waitingForHead = true;
    private ScheduledFuture<?> timer;

    RequestHeadTimeout(long timeoutMillis) { this.timeoutMillis = timeoutMillis; }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waitingForHead && timer == null) {
            timer = ctx.executor().schedule(() -> {
                java.util.logging.Logger.getLogger(RequestHeadTimeout.class.getName()).fine(() ->
                        "closing " + ctx.channel().remoteAddress() + ": request head not complete within " + timeoutMillis + "ms");
                ctx.close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    void headReceived() {
        waitingForHead = false;
        cancel();
    }

    void exchangeEnded() { waitingForHead = true; }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }
}
