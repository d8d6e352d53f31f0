package dev.portcullis.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream HTTP connection. While a call uses the connection it forwards
 * everything to that call; while the connection sits in the pool, any event closes it.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private final ConnectionPool pool;
    private final PoolKey key;
    private UpstreamListener call;
    private boolean pooled;

    UpstreamHandler(ConnectionPool pool, PoolKey key) {
        this.pool = pool;
        this.key = key;
    }

    public PoolKey key() { return key; }

    void attach(UpstreamListener listener) {
        this.call = listener;
        this.pooled = false;
    }

    /** The call is done with the connection: keep it for reuse if there is room, else close it. */
    public void release(ChannelHandlerContext ctx, boolean reusable) {
        call = null;
        if (reusable && ctx.channel().isActive() && pool.release(key, ctx.channel())) {
            pooled = true;
            ctx.channel().config().setAutoRead(true);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (call != null && msg instanceof HttpObject http) {
            call.upstreamRead(http);
            return;
        }
        ReferenceCountUtil.release(msg);
        dropFromPool(ctx); // bytes nobody asked for: the connection can't be trusted for reuse
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (call != null) {
            call.upstreamReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener c = call;
        call = null;
        if (c != null) {
            c.upstreamFailed(new java.nio.channels.ClosedChannelException());
        }
        dropFromPool(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (call != null) {
            call.upstreamWritable(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (call != null) {
                call.upstreamIdle();
            } else {
                dropFromPool(ctx);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener c = call;
        call = null;
        if (c != null) {
            c.upstreamFailed(cause);
        }
        dropFromPool(ctx);
    }

    private void dropFromPool(ChannelHandlerContext ctx) {
        if (pooled) {
            pooled = false;
            pool.remove(key, ctx.channel());
        }
        ctx.close();
    }
}
