package dev.portcullis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The portcullis command line: run, validate, explain, version. */
@Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "An egress API gateway: every outbound call checked, shaped and recorded.",
        subcommands = {RunCommand.class, ValidateCommand.class, ExplainCommand.class, VersionCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit status (usage errors are 2, as the contract says). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(e -> 1);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("portcullis: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return 2;
        });
        int status = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        return status;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, validate or version");
    }
}
