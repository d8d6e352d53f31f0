package dev.portcullis.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import dev.portcullis.server.LazyDeadline;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream HTTP connection. While a call uses the connection it forwards
 * everything to that call; while the connection sits in the pool, any event closes it.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private final ConnectionPool pool;
    private final PoolKey key;
    private final long idleMillis;
    private UpstreamListener call;
    private boolean pooled;
    private LazyDeadline idle; // no bytes either way for timeouts.idle: the call times out, or the pooled connection closes
    private String address;    // ip:port dialled, for the audit record (formatted once per connection, not per call)

    UpstreamHandler(ConnectionPool pool, PoolKey key, long idleMillis) {
        this.pool = pool;
        this.key = key;
        this.idleMillis = idleMillis;
    }

    void connectedTo(String address) { this.address = address; }

    /** The ip:port this connection was dialled to. */
    String address() { return address; }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        idle = new LazyDeadline(ctx.executor(), () -> {
            UpstreamListener c = call;
            if (c != null) {
                c.upstreamIdle();
            } else {
                dropFromPool(ctx);
            }
        });
        idle.arm(idleMillis);
    }

    /** Bytes went to the upstream: the connection is not idle. */
    public void touch() { idle.arm(idleMillis); }

    public PoolKey key() { return key; }

    void attach(UpstreamListener listener) {
        this.call = listener;
        this.pooled = false;
        if (idle != null) { // null until the handler is in a pipeline (a new connection arms it there)
            idle.arm(idleMillis);
        }
    }

    /** The call is done with the connection: keep it for reuse if there is room, else close it. */
    public void release(ChannelHandlerContext ctx, boolean reusable) {
        call = null;
        if (reusable && ctx.channel().isActive() && pool.release(key, ctx.channel())) {
            pooled = true;
            ctx.channel().config().setAutoRead(true);
            idle.arm(idleMillis);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        idle.arm(idleMillis);
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
        idle.cancel();
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
