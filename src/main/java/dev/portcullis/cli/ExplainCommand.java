package dev.portcullis.cli;

import dev.portcullis.admin.ConfigJson;
import dev.portcullis.config.ConfigException;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.explain.Explainer;
import dev.portcullis.explain.Explanation;
import dev.portcullis.net.SystemResolver;
import dev.portcullis.pipeline.Runtime;
import dev.portcullis.pipeline.RuntimeCompiler;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** portcullis explain: what the gateway would do with one call, without sending anything. */
@Command(name = "explain", description = {"Evaluate one hypothetical call against a config: the route, each policy's verdict,",
        "the network verdict (names only with --resolve) and the decision. Sends nothing, opens no connection.",
        "Exit status: 0 allow, 3 deny, 1 invalid config, 2 usage error."})
final class ExplainCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE") Path config;

    @Option(names = "--client", paramLabel = "NAME", description = "act as this client (default: identify it as the gateway would)")
    String client;

    @Option(names = "--source-ip", paramLabel = "IP", description = "the caller's address (default 127.0.0.1)")
    String sourceIp = "127.0.0.1";

    @Option(names = "-H", paramLabel = "'K: V'", description = "a request header (repeatable)")
    List<String> headers = new ArrayList<>();

    @Option(names = "--data", paramLabel = "@FILE|TEXT", description = "the request body")
    String data;

    @Option(names = "--resolve", description = "resolve names to check their addresses against the SSRF guard")
    boolean resolve;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Parameters(index = "0", paramLabel = "METHOD") String method;

    @Parameters(index = "1", paramLabel = "TARGET", description = "/prefix/path (reverse), http(s)://host/path (forward) or host:port (CONNECT)")
    String target;

    @Override
    public Integer call() throws Exception {
        Runtime runtime;
        try {
            runtime = RuntimeCompiler.compile(config.toString(), ConfigLoader.withSystemEnv().load(config));
        } catch (ConfigException e) {
            spec.commandLine().getErr().print(e.report());
            spec.commandLine().getErr().flush();
            return 1;
        }
        if (client != null && !client.equals("anonymous")
                && runtime.config().clients().stream().noneMatch(c -> c.name().equals(client))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--client " + client + " is not defined under 'clients' in " + config);
        }
        InetAddress source = dev.portcullis.net.Addresses.literal(sourceIp);
        if (source == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--source-ip needs an IP address, got '" + sourceIp + "'");
        }
        Map<String, List<String>> hs = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-H needs 'Name: value', got '" + h + "'");
            }
            hs.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
        }
        byte[] body = data == null ? null : data.startsWith("@") ? Files.readAllBytes(Path.of(data.substring(1))) : data.getBytes();
        Explanation e = new Explainer(runtime, resolve ? new SystemResolver() : null)
                .explain(new Explainer.Call(method, target, client, source, hs, body));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ConfigJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(e));
        } else {
            print(out, e);
        }
        out.flush();
        return e.allowed() ? 0 : 3;
    }

    private static void print(PrintWriter out, Explanation e) {
        out.println("call      " + e.method() + " " + e.target() + (e.kind() == null ? "" : "  (" + e.kind() + ")"));
        out.println("client    " + e.client());
        out.println("route     " + (e.route() == null ? "(none)" : e.route()) + (e.upstream() == null ? "" : "  ->  " + e.upstream()));
        if (!e.policies().isEmpty()) {
            out.println("policies");
            for (Explanation.PolicyVerdict p : e.policies()) {
                out.println("  " + p.name() + " (" + p.type() + ", " + p.mode() + "): " + p.verdict()
                        + (p.error() == null ? "" : " " + p.error() + " - " + p.message()));
            }
        }
        for (String c : e.headerChanges()) {
            out.println("header    " + c);
        }
        out.println("network   " + e.network());
        for (String r : e.reported()) {
            out.println("reported  " + r + " (report mode: would be denied)");
        }
        out.println("decision  " + e.decision().toUpperCase(java.util.Locale.ROOT)
                + (e.error() == null ? "" : " " + e.error() + ": " + e.message()));
    }
}
