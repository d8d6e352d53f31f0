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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.List;
import java.util.Locale;

/**
 * How the event loops talk to the kernel: io_uring where the kernel allows it (a loop's reads and writes
 * go in and come back in batches: far fewer syscalls and wake-ups per call than epoll), native epoll
 * where it does not (io_uring disabled by sysctl, or blocked by a container's seccomp profile, as
 * Docker's default one does), NIO elsewhere. {@code -Dportcullis.transport=io_uring|epoll|nio} asks
 * for one; one this machine lacks falls back along the same line, and the start-up log says which runs
 * and why.
 *
 * @param name what runs: io_uring, epoll or nio
 * @param note why, when it is not the one asked for (null when it is)
 */
public record Transport(String name, Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel,
        IoHandlerFactory ioHandlers, String note) {
    static final String PROPERTY = "portcullis.transport";
    static final List<String> NAMES = List.of("io_uring", "epoll", "nio");

    /** The transport asked for by the system property (all three in order when it is unset or "auto"). */
    public static Transport best() {
        return choose(System.getProperty(PROPERTY, "auto"));
    }

    static Transport choose(String asked) {
        String wanted = asked.trim().toLowerCase(Locale.ROOT);
        if (!wanted.equals("auto") && !NAMES.contains(wanted)) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + asked + " is not a transport: use auto, "
                    + String.join(", ", NAMES));
        }
        int from = wanted.equals("auto") ? 0 : NAMES.indexOf(wanted);
        StringBuilder skipped = new StringBuilder();
        for (String name : NAMES.subList(from, NAMES.size())) {
            Throwable why = unavailability(name);
            if (why == null) {
                String note = skipped.isEmpty() ? null : skipped.toString();
                return create(name, note);
            }
            skipped.append(skipped.isEmpty() ? "" : "; ").append(name).append(" unavailable: ").append(why.getMessage());
        }
        throw new AssertionError("nio is always available");
    }

    /** Why a transport cannot run here, or null when it can. */
    private static Throwable unavailability(String name) {
        return switch (name) {
            case "io_uring" -> IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
            case "epoll" -> Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            default -> null;
        };
    }

    private static Transport create(String name, String note) {
        return switch (name) {
            case "io_uring" -> new Transport(name, IoUringServerSocketChannel.class, IoUringSocketChannel.class,
                    IoUringIoHandler.newFactory(), note);
            case "epoll" -> new Transport(name, EpollServerSocketChannel.class, EpollSocketChannel.class,
                    EpollIoHandler.newFactory(), note);
            default -> new Transport(name, NioServerSocketChannel.class, NioSocketChannel.class, NioIoHandler.newFactory(), note);
        };
    }

    public EventLoopGroup group(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new io.netty.util.concurrent.DefaultThreadFactory(name, true), ioHandlers);
    }
}
