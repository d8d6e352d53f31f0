package dev.portcullis.cli;

import dev.portcullis.config.ConfigException;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.GatewayConfig;
import dev.portcullis.server.Gateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** portcullis run: starts the gateway and serves until SIGTERM or SIGINT, then drains. */
@Command(name = "run", description = "Start the gateway (config: --config FILE, else ./portcullis.yaml, else the embedded deny-all default).")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(RunCommand.class.getName());

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "the config file (default: ./portcullis.yaml)")
    Path config;

    @Override
    public Integer call() throws Exception {
        Path file = config;
        if (file == null && Files.exists(Path.of("portcullis.yaml"))) {
            file = Path.of("portcullis.yaml");
        }
        GatewayConfig parsed;
        try {
            parsed = file == null ? ConfigLoader.withSystemEnv().loadDefault() : ConfigLoader.withSystemEnv().load(file);
        } catch (ConfigException e) {
            spec.commandLine().getErr().print(e.report());
            spec.commandLine().getErr().flush();
            return 1;
        }
        if (file == null) {
            LOG.info("no --config and no ./portcullis.yaml: running the embedded default (deny all egress)");
        }
        Gateway.Options options;
        try {
            options = Gateway.Options.defaults(file);
        } catch (IllegalArgumentException e) { // a JVM option the gateway reads at start, e.g. -Dportcullis.transport
            spec.commandLine().getErr().println("portcullis: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(parsed, options);
        } catch (ConfigException e) {
            spec.commandLine().getErr().print(e.report());
            spec.commandLine().getErr().flush();
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signals.on("TERM", stop::countDown);
        Signals.on("INT", stop::countDown);
        Signals.on("HUP", gateway::hangup);
        stop.await();
        LOG.info("stop signal received: draining (no new connections; calls in flight may finish)");
        gateway.drain();
        LOG.info("drained; bye");
        return 0;
    }
}
