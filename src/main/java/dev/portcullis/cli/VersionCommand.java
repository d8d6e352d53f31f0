package dev.portcullis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** portcullis version: the gateway, Java runtime and Netty versions. */
@Command(name = "version", description = "Print the Portcullis, Java and Netty versions.")
final class VersionCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            var versions = io.netty.util.Version.identify();
            var netty = versions.getOrDefault("netty-common", versions.values().stream().findFirst().orElse(null));
            return new String[] {
                "portcullis " + (v == null ? "dev" : v),
                "java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
                "netty " + (netty == null ? "unknown" : netty.artifactVersion())
            };
        }
    }
}
