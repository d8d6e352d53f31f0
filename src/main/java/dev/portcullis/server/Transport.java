package dev.portcullis.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Native epoll where the platform has it (fewer copies, less garbage), NIO elsewhere. */
public record Transport(String name, Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel,
        IoHandlerFactory ioHandlers) {

    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class, EpollIoHandler.newFactory());
        }
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class, NioIoHandler.newFactory());
    }

    public EventLoopGroup group(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new io.netty.util.concurrent.DefaultThreadFactory(name, true), ioHandlers);
    }
}
