package dev.portcullis.server;

import dev.portcullis.admin.AdminBackend;
import dev.portcullis.admin.AdminServer;
import dev.portcullis.config.ConfigException;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.ConfigProblem;
import dev.portcullis.config.GatewayConfig;
import dev.portcullis.config.SecretResolver;
import dev.portcullis.dlp.DlpScanner;
import dev.portcullis.net.HostResolver;
import dev.portcullis.net.SystemResolver;
import dev.portcullis.observe.AuditLog;
import dev.portcullis.observe.AuditSink;
import dev.portcullis.observe.EventRing;
import dev.portcullis.observe.Metrics;
import dev.portcullis.observe.Recorder;
import dev.portcullis.pipeline.Runtime;
import dev.portcullis.pipeline.RuntimeCompiler;
import dev.portcullis.upstream.UpstreamConnector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The running gateway: egress listener, admin listener, audit log and the current {@link Runtime}.
 * All wiring happens here, by hand.
 */
public final class Gateway implements GatewayContext, AdminBackend, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
    /**
     * Idle keep-alive connections kept per upstream and event loop (they close after timeouts.idle). Under
     * 1,000 concurrent calls a cap of 64 closed most connections as their calls ended and dialed new ones
     * for the next calls (0.62 connects per call); 512 per loop, 1,024 on two cores, is Envoy's default
     * connection limit per cluster.
     */
    static final int MAX_IDLE_PER_UPSTREAM = 512;

    /** What the embedding program (the CLI or a test) chooses. */
    public record Options(Path configFile, SecretResolver secrets, HostResolver resolver, Predicate<InetAddress> dialFilter,
            AuditSink auditSink, Transport transport) {
        public static Options defaults(Path configFile) {
            return new Options(configFile, SecretResolver.system(), new SystemResolver(), a -> true, null, Transport.best());
        }
    }

    private final Options options;
    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final EventLoopGroup adminLoop;
    private final ExecutorService blocking = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "portcullis-admin-work");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Runtime> runtime = new AtomicReference<>();
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger active = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> auditWaiters = new ConcurrentLinkedQueue<>();
    private final Recorder recorder;
    private final UpstreamConnector connector;
    private final Set<String> redacted;
    private volatile boolean draining;
    private volatile boolean ready;
    private Channel listener;
    private SecretFileWatcher secretWatcher;
    private dev.portcullis.store.RedisStore store;
    private io.netty.handler.ssl.SslContext listenerTls;
    private AdminServer admin;

    private final GatewayPolicyContext policyContext;

    private Gateway(GatewayConfig config, Options options, AuditSink sink) {
        this.options = options;
        this.transport = options.transport();
        this.boss = transport.group(1, "portcullis-accept");
        this.workers = transport.group(ioThreads(), "portcullis-io");
        this.adminLoop = transport.group(1, "portcullis-admin");
        Metrics metrics = new Metrics(config.instance());
        AuditLog audit = new AuditLog(sink, config.audit().maxPending(), new EventRing(config.audit().recentEvents()));
        audit.onDrained(this::wakeAuditWaiters);
        this.recorder = new Recorder(config.instance(), audit, metrics);
        metrics.gauges(audit::pending, active::get);
        this.connector = new UpstreamConnector(transport, options.resolver(), options.dialFilter(), MAX_IDLE_PER_UPSTREAM);
        this.redacted = config.audit().redactHeaders().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.policyContext = new GatewayPolicyContext(connector, workers, () -> runtime.get().guard(),
                java.time.Clock.systemUTC(), metrics);
    }

    /** Binds both listeners and starts serving. The caller closes the gateway (or drains it). */
    public static Gateway start(GatewayConfig config, Options options) throws Exception {
        AuditSink sink = options.auditSink() != null ? options.auditSink()
                : config.audit().sink() == GatewayConfig.Sink.FILE ? AuditSink.file(config.audit().path()) : AuditSink.stdout();
        Gateway g = new Gateway(config, options, sink);
        try {
            if (config.store() != null) {
                g.store = dev.portcullis.store.RedisStore.connect(config.store().redis().reveal(), config.store().timeout(),
                        "portcullis:");
                g.policyContext.useStore(g.store, config.store());
            }
            g.runtime.set(RuntimeCompiler.compile(String.valueOf(options.configFile()), config, g.policyContext));
        } catch (ConfigException e) {
            g.close();
            throw e;
        }
        try {
            if (config.listen().tls() != null) {
                try {
                    g.listenerTls = dev.portcullis.upstream.TlsContexts.forListener(config.listen().tls());
                } catch (Exception e) {
                    throw new ConfigException(String.valueOf(options.configFile()), List.of(new ConfigProblem("listen.tls", 0, 0,
                            "cannot use the listener's certificate or key (" + e.getMessage() + "); keys must be PEM PKCS#8")));
                }
            }
            g.bind();
        } catch (Exception e) {
            g.close();
            throw e;
        }
        return g;
    }

    private void bind() throws InterruptedException {
        GatewayConfig config = runtime.get().config();
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ServerInitializer(this, clients, listenerTls));
        listener = b.bind(config.listen().address().host(), config.listen().address().port()).sync().channel();
        runtime.set(withOwnListener(runtime.get()));
        admin = AdminServer.start(transport, adminLoop, config.admin().address(), config.admin().token(), this, blocking);
        if (options.configFile() != null) {
            try {
                secretWatcher = new SecretFileWatcher(this::reload);
                secretWatcher.watch(config.secretFiles());
            } catch (java.io.IOException e) {
                LOG.warning("cannot watch secret files (" + e.getMessage() + "); rotated secrets are picked up on SIGHUP");
            }
        }
        ready = true;
        LOG.info(() -> "portcullis listening on " + listener.localAddress() + " (" + transport.name() + "), admin on 127.0.0.1:"
                + admin.port() + ", " + config.routes().size() + " route(s), audit to "
                + (config.audit().sink() == GatewayConfig.Sink.FILE ? config.audit().path() : "stdout")
                + ", DLP prefilter " + DlpScanner.prefilterEngine());
        if (transport.note() != null) {
            LOG.info(() -> "transport " + transport.name() + ": " + transport.note());
        }
    }

    private Runtime withOwnListener(Runtime r) {
        InetSocketAddress own = (InetSocketAddress) listener.localAddress();
        return r.withGuard(r.guard().withOwnListeners(List.of(own)));
    }

    public int port() { return ((InetSocketAddress) listener.localAddress()).getPort(); }

    public int adminPort() { return admin.port(); }

    /** The transport the event loops run on: io_uring, epoll or nio. */
    public String transport() { return transport.name(); }

    // ---- reload -------------------------------------------------------------------------------------

    /** Builds a runtime from the config file and swaps it in; on problems, the old one keeps serving. */
    @Override
    public synchronized List<ConfigProblem> reload() {
        Path file = options.configFile();
        if (file == null) {
            return List.of(new ConfigProblem("", 0, 0, "the gateway runs the embedded default config; there is no file to reload"));
        }
        try {
            GatewayConfig next = new ConfigLoader(options.secrets()).load(file);
            Runtime compiled = RuntimeCompiler.compile(file.toString(), next, policyContext);
            GatewayConfig old = runtime.get().config();
            if (!next.listen().address().equals(old.listen().address()) || !next.admin().equals(old.admin())) {
                LOG.warning("listen and admin settings changed in " + file + "; they take effect at the next restart");
            }
            runtime.set(withOwnListener(compiled));
            if (secretWatcher != null) {
                secretWatcher.watch(next.secretFiles());
            }
            recorder.metrics().reload(true);
            LOG.info(() -> "config reloaded from " + file + ": " + next.routes().size() + " route(s)");
            return List.of();
        } catch (ConfigException e) {
            recorder.metrics().reload(false);
            LOG.warning("config reload refused, the previous config keeps serving:\n" + e.report());
            return e.problems();
        }
    }

    /** SIGHUP: reload the config and reopen the audit file (after log rotation). */
    public void hangup() {
        recorder.audit().reopen();
        reload();
    }

    // ---- drain and close ----------------------------------------------------------------------------

    /** Stops accepting, lets calls in flight finish (up to the drain timeout), then closes everything. */
    public void drain() {
        draining = true;
        ready = false;
        Duration timeout = runtime.get().config().listen().drainTimeout();
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        for (Channel ch : clients) {
            ch.eventLoop().execute(() -> {
                ProxyHandler h = ch.pipeline().get(ProxyHandler.class);
                if (h != null && !h.busy()) {
                    ch.close();
                }
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (active.get() > 0) {
            LOG.warning(active.get() + " call(s) still running after the drain timeout (" + timeout + "); closing them");
        }
        close();
    }

    @Override
    public void close() {
        ready = false;
        if (secretWatcher != null) {
            secretWatcher.close();
        }
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        clients.close().awaitUninterruptibly();
        if (admin != null) {
            admin.close();
        }
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        adminLoop.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
        if (store != null) {
            store.close();
        }
        recorder.audit().close();
    }

    // ---- GatewayContext -----------------------------------------------------------------------------

    @Override public Runtime runtime() { return runtime.get(); }

    @Override public UpstreamConnector connector() { return connector; }

    @Override public Recorder recorder() { return recorder; }

    @Override public Set<String> redactedHeaders() { return redacted; }

    @Override public boolean draining() { return draining; }

    @Override public boolean auditBackedUp() { return recorder.audit().isBackedUp(); }

    @Override public void resumeWhenAuditDrains(Runnable resume) {
        auditWaiters.add(resume);
        if (!recorder.audit().isBackedUp()) {
            wakeAuditWaiters();
        }
    }

    private void wakeAuditWaiters() {
        Runnable r;
        while ((r = auditWaiters.poll()) != null) {
            r.run();
        }
    }

    @Override public void requestHeadReceived(ChannelHandlerContext ctx) {
        active.incrementAndGet();
        RequestHeadTimeout t = ctx.pipeline().get(RequestHeadTimeout.class);
        if (t != null) {
            t.headReceived();
        }
    }

    @Override public void exchangeEnded(ChannelHandlerContext ctx) {
        active.decrementAndGet();
        RequestHeadTimeout t = ctx.pipeline().get(RequestHeadTimeout.class);
        if (t != null) {
            t.exchangeEnded();
        }
    }

    // ---- AdminBackend -------------------------------------------------------------------------------

    @Override public boolean ready() { return ready && !draining; }

    @Override public GatewayConfig config() { return runtime.get().config(); }

    @Override public EventRing events() { return recorder.events(); }

    @Override public String metrics() { return recorder.metrics().scrape(); }

    @Override public List<java.util.Map<String, Object>> usage() {
        List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (var route : runtime.get().routes().all()) {
            for (var p : route.policies().policies()) {
                if (p.policy() instanceof dev.portcullis.policy.UsageReport r && seen.add(r)) {
                    out.addAll(r.usage());
                }
            }
        }
        return out;
    }

    /**
     * One event loop per core (Netty's default is two): nothing blocks a loop, so more loops only add
     * context switches; on 2 cores this cut the p99 of proxied POSTs by ~20%. -Dio.netty.eventLoopThreads
     * still overrides it.
     */
    static int ioThreads() {
        return Math.max(1, Integer.getInteger("io.netty.eventLoopThreads", java.lang.Runtime.getRuntime().availableProcessors()));
    }
}
