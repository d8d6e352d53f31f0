package dev.portcullis.admin;

import dev.portcullis.config.Secret;
import dev.portcullis.net.HostPort;
import dev.portcullis.server.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** The admin listener: its own event loop, so a busy egress listener never starves health checks. */
public final class AdminServer {
    private final Channel channel;

    private AdminServer(Channel channel) { this.channel = channel; }

    public static AdminServer start(Transport transport, EventLoopGroup group, HostPort address, Secret token,
            AdminBackend backend, Executor blocking) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new AdminHandler(backend, token, blocking));
                    }
                });
        Channel ch = b.bind(address.host(), address.port()).sync().channel();
        return new AdminServer(ch);
    }

    public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    public void close() { channel.close().syncUninterruptibly(); }
}
