package dev.echomesh.tools;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code echomesh} command line: entry point of the runnable jar. */
@Command(
    name = "echomesh",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Peer-to-peer LAN mesh agent: discovery, liveness and task calls over mutual TLS.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      AgentCommand.class,
      InitCommand.class,
      JoinCommand.class,
      IdCommand.class,
      StatusCommand.class,
      PeersCommand.class,
      TasksCommand.class,
      CallCommand.class,
      BroadcastCommand.class,
      PingCommand.class,
      DemoCommand.class,
      dev.echomesh.tools.bench.BenchCommand.class,
    },
    footer = {
      "",
      "Start here: `echomesh init` on one device, `echomesh join CODE` on the others,",
      "then `echomesh agent` on each. Every command takes --data-dir (default",
      "$ECHOMESH_DATA_DIR, else ~/.local/share/echomesh). Exit codes: `echomesh call --help`.",
    })
public final class EchomeshCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final CliContext context;

  EchomeshCommand(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    Logging.configure(args, System.getenv());
    System.exit(commandLine(CliContext.system()).execute(args));
  }

  /** The whole command line over {@code context}: what main runs, and what tests run. */
  static CommandLine commandLine(CliContext context) {
    CommandLine commandLine = new CommandLine(new EchomeshCommand(context));
    commandLine.setOut(
        new PrintWriter(new OutputStreamWriter(context.stdout(), StandardCharsets.UTF_8), true));
    commandLine.setErr(
        new PrintWriter(new OutputStreamWriter(context.stderr(), StandardCharsets.UTF_8), true));
    commandLine.setParameterExceptionHandler(new ErrorHandlers.Usage(context));
    commandLine.setExecutionExceptionHandler(new ErrorHandlers.Execution(context));
    commandLine.setExpandAtFiles(false); // '@FILE' is a payload, not picocli's argument file
    for (String calling : new String[] {"call", "tasks", "broadcast"}) {
      commandLine
          .getSubcommands()
          .get(calling)
          .getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCodes.helpTable());
    }
    return commandLine;
  }

  CliContext context() {
    return context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
