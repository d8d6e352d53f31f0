package dev.portcullis.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.admin.ConfigJson;
import dev.portcullis.config.ConfigException;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.ConfigProblem;
import dev.portcullis.config.GatewayConfig;
import dev.portcullis.pipeline.RuntimeCompiler;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** portcullis validate: checks a config without starting anything. */
@Command(name = "validate", description = "Check a config file; every problem is reported with its YAML path and line:column.")
final class ValidateCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the config file to check")
    Path config;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<ConfigProblem> problems;
        GatewayConfig parsed = null;
        try {
            parsed = ConfigLoader.withSystemEnv().load(config);
            RuntimeCompiler.compile(config.toString(), parsed);
            problems = List.of();
        } catch (ConfigException e) {
            problems = e.problems();
            if (!json) {
                spec.commandLine().getErr().print(e.report());
            spec.commandLine().getErr().flush();
            }
        }
        if (json) {
            ObjectNode out = ConfigJson.MAPPER.createObjectNode().put("file", config.toString()).put("valid", problems.isEmpty());
            ArrayNode list = out.putArray("problems");
            problems.forEach(p -> list.addObject().put("path", p.path()).put("line", p.line()).put("column", p.column())
                    .put("message", p.message()));
            spec.commandLine().getOut().println(out.toPrettyString());
        } else if (problems.isEmpty()) {
            spec.commandLine().getOut().println(config + ": valid (" + parsed.routes().size() + " route(s), "
                    + parsed.policies().size() + " policy(ies), " + parsed.clients().size() + " client(s))");
        }
        return problems.isEmpty() ? 0 : 1;
    }
}
