package dev.portcullis.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.TimeUnit;

/** The handlers of one egress client connection, from bytes to {@link ProxyHandler}. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
    private final GatewayContext gw;
    private final ChannelGroup channels;
    private final io.netty.handler.ssl.SslContext tls; // null: plain HTTP listener

    ServerInitializer(GatewayContext gw, ChannelGroup channels, io.netty.handler.ssl.SslContext tls) {
        this.gw = gw;
        this.channels = channels;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        var config = gw.runtime().config();
        var t = config.defaults().timeouts();
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            var ssl = tls.newHandler(ch.alloc());
            ssl.setHandshakeTimeout(t.requestHeader().toMillis(), TimeUnit.MILLISECONDS);
            p.addLast("tls", ssl);
        }
        p.addLast("head-timeout", new RequestHeadTimeout(t.requestHeader().toMillis()));
        p.addLast("obs-fold", new ObsFoldGuard());
        p.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setStrictLineParsing(true) // bare LF line endings are refused, not guessed at
                .setMaxInitialLineLength(config.listen().maxInitialLineLength())
                .setMaxHeaderSize(config.listen().maxHeaderSize())
                .setMaxChunkSize(64 * 1024)));
        p.addLast("proxy", new ProxyHandler(gw));
    }

    /** Once a CONNECT tunnel is open, only bytes flow: the HTTP handlers leave the pipeline. */
    static void removeHttpHandlers(ChannelPipeline p) {
        p.remove("head-timeout");
        p.remove("obs-fold");
        p.remove("http");
    }
}
