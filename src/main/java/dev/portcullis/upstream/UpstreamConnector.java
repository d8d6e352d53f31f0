package dev.portcullis.upstream;

import dev.portcullis.net.Addresses;
import dev.portcullis.net.HostResolver;
import dev.portcullis.net.NetworkGuard;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.server.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Opens upstream connections with the SSRF guard built in: the host is resolved once, EVERY address
 * returned is checked, and the connection goes to an address that passed, never to the name (so a
 * second, different DNS answer can't be slipped in). HTTP connections come from and go back to a
 * keep-alive pool of the caller's event loop.
 */
public final class UpstreamConnector {
    /** Receives the outcome of a connect, always on the caller's event loop. */
    public interface Callback {
        void connected(Channel channel, UpstreamHandler handler, String address);

        void failed(ConnectFailure failure);
    }

    private final Transport transport;
    private final HostResolver resolver;
    private final Predicate<InetAddress> dialFilter;
    private final int maxIdlePerKey;
    private final FastThreadLocal<ConnectionPool> pools = new FastThreadLocal<>() {
        @Override protected ConnectionPool initialValue() { return new ConnectionPool(maxIdlePerKey); }
    };

    public UpstreamConnector(Transport transport, HostResolver resolver, Predicate<InetAddress> dialFilter, int maxIdlePerKey) {
        this.transport = transport;
        this.resolver = resolver;
        this.dialFilter = dialFilter;
        this.maxIdlePerKey = maxIdlePerKey;
    }

    /** An HTTP/1.1 connection (pooled when possible) ending in an {@link UpstreamHandler}. */
    public void http(EventLoop loop, Destination d, UpstreamListener listener, Callback cb) {
        PoolKey key = d.poolKey();
        ConnectionPool pool = pools.get();
        Channel reused = pool.acquire(key);
        if (reused != null) {
            UpstreamHandler h = reused.pipeline().get(UpstreamHandler.class);
            h.attach(listener);
            cb.connected(reused, h, h.address());
            return;
        }
        UpstreamHandler handler = new UpstreamHandler(pool, key, d.idleTimeout().toMillis());
        handler.attach(listener);
        dial(loop, d, p -> {
            p.addLast("codec", new HttpClientCodec(new HttpDecoderConfig().setStrictLineParsing(true).setMaxHeaderSize(64 * 1024)
                    .setMaxInitialLineLength(16 * 1024).setMaxChunkSize(64 * 1024), false, false));
            p.addLast("upstream", handler);
        }, (ch, address) -> {
            handler.connectedTo(address);
            cb.connected(ch, handler, address);
        }, cb::failed);
    }

    /** A raw TCP connection (for CONNECT tunnels): the caller installs its own handlers. */
    public void raw(EventLoop loop, Destination d, java.util.function.BiConsumer<Channel, String> connected,
            java.util.function.Consumer<ConnectFailure> failed) {
        dial(loop, d, p -> {}, connected, failed);
    }

    private void dial(EventLoop loop, Destination d, java.util.function.Consumer<ChannelPipeline> handlers,
            java.util.function.BiConsumer<Channel, String> connected, java.util.function.Consumer<ConnectFailure> failed) {
        InetAddress literal = Addresses.literal(d.host());
        if (literal != null) {
            pick(loop, d, List.of(literal), handlers, connected, failed);
            return;
        }
        long timeout = d.connectTimeout().toMillis();
        resolver.resolve(d.host()).orTimeout(timeout, TimeUnit.MILLISECONDS).whenComplete((addresses, error) -> loop.execute(() -> {
            if (error != null && unwrap(error) instanceof java.util.concurrent.TimeoutException) {
                failed.accept(new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "DNS lookup of " + d.hostPort()
                        + " did not answer within " + timeout + "ms (timeouts.connect)"));
            } else if (error != null) {
                failed.accept(ConnectFailure.of(error, d.hostPort()));
            } else if (addresses.isEmpty()) {
                failed.accept(new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "DNS lookup of " + d.hostPort() + " returned no address"));
            } else {
                pick(loop, d, addresses, handlers, connected, failed);
            }
        }));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Checks every resolved address; connects to the first one the guard allows. */
    private void pick(EventLoop loop, Destination d, List<InetAddress> addresses,
            java.util.function.Consumer<ChannelPipeline> handlers, java.util.function.BiConsumer<Channel, String> connected,
            java.util.function.Consumer<ConnectFailure> failed) {
        InetAddress chosen = null;
        InetAddress reportable = null;
        String firstReason = null;
        for (InetAddress a : addresses) {
            NetworkGuard.Check check = d.guard().check(a, d.port(), d.routeAllow());
            if (check.allowed()) {
                chosen = chosen == null ? a : chosen;
            } else {
                firstReason = firstReason == null ? check.reason() : firstReason;
                reportable = reportable == null && check.reportable() ? a : reportable;
            }
        }
        if (chosen == null && reportable != null && d.guard().reportOnly()) {
            chosen = reportable; // network.mode: report: record it, let it through
            d.networkReported().accept(firstReason);
        }
        if (chosen == null) {
            failed.accept(new ConnectFailure(ErrorCode.NETWORK_DENIED, d.host() + " resolves to a blocked network: " + firstReason));
            return;
        }
        if (!dialFilter.test(chosen)) {
            failed.accept(new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "dialing " + Addresses.format(chosen)
                    + " is refused by this gateway's dial filter"));
            return;
        }
        InetAddress target = chosen;
        String address = Addresses.withPort(target, d.port());
        Bootstrap b = new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, d.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override protected void initChannel(Channel ch) {
                        if (d.ssl() != null) {
                            SslHandler ssl = d.ssl().newHandler(ch.alloc(), d.host(), d.port());
                            ssl.setHandshakeTimeout(d.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
                            ch.pipeline().addLast("tls", ssl);
                        }
                        handlers.accept(ch.pipeline());
                    }
                });
        ChannelFuture f = b.connect(new InetSocketAddress(target, d.port()));
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                failed.accept(ConnectFailure.of(cf.cause(), d.hostPort() + " (" + address + ")"));
                return;
            }
            SslHandler ssl = cf.channel().pipeline().get(SslHandler.class);
            if (ssl == null) {
                connected.accept(cf.channel(), address);
                return;
            }
            ssl.handshakeFuture().addListener(hf -> {
                String pinProblem = hf.isSuccess() ? Pins.check(ssl.engine().getSession(), d.pinSha256()) : null;
                if (pinProblem != null) {
                    cf.channel().close();
                    failed.accept(new ConnectFailure(ErrorCode.UPSTREAM_UNAVAILABLE, "TLS with " + d.hostPort() + " (" + address
                            + ") refused: " + pinProblem));
                } else if (hf.isSuccess()) {
                    connected.accept(cf.channel(), address);
                } else {
                    cf.channel().close();
                    failed.accept(ConnectFailure.of(hf.cause(), d.hostPort() + " (" + address + ")"));
                }
            });
        });
    }
}
