package dev.echomesh.tools;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
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
    footer = {
      "",
      "Start here: `echomesh init` on one device, `echomesh join CODE` on the others,",
      "then `echomesh agent` on each; sites with their own PKI: `echomesh ca --help`.",
      "Every command but `ca` takes --data-dir (default $ECHOMESH_DATA_DIR, else",
      "~/.local/share/echomesh). Exit codes: `echomesh call --help`.",
    })
public final class EchomeshCommand implements Callable<Integer> {

  /** The subcommands, in the order {@code echomesh --help} lists them. */
  static final List<Class<?>> COMMANDS =
      List.of(
          AgentCommand.class,
          InitCommand.class,
          JoinCommand.class,
          IdCommand.class,
          CaCommand.class,
          StatusCommand.class,
          PeersCommand.class,
          ForgetCommand.class,
          DenyCommand.class,
          AllowCommand.class,
          ReloadCommand.class,
          TasksCommand.class,
          CallCommand.class,
          SendCommand.class,
          GetCommand.class,
          FilesCommand.class,
          BroadcastCommand.class,
          PingCommand.class,
          ServeCommand.class,
          DashboardCommand.class,
          DoctorCommand.class,
          DemoCommand.class,
          dev.echomesh.tools.bench.BenchCommand.class);

  /** Subcommands whose help ends with the table of exit codes. */
  private static final List<String> CALLING_COMMANDS = List.of("call", "tasks", "broadcast");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final CliContext context;

  EchomeshCommand(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    Logging.configure(args, System.getenv());
    System.exit(commandLine(CliContext.system(), args).execute(args));
  }

  /** The whole command line over {@code context}, every subcommand in it. */
  static CommandLine commandLine(CliContext context) {
    return commandLine(context, COMMANDS);
  }

  /**
   * The command line that runs {@code args}: with only the subcommand {@code args[0]} names, when
   * it names one, else with all of them (for {@code --help}, or a mistyped command's suggestions).
   * Each subcommand's model costs reflection, classes and heap for as long as the command runs:
   * an idle {@code echomesh agent} measured about 1 MiB RSS less without the eleven others.
   */
  static CommandLine commandLine(CliContext context, String[] args) {
    if (args.length > 0) {
      for (Class<?> command : COMMANDS) {
        if (command.getAnnotation(Command.class).name().equals(args[0])) {
          return commandLine(context, List.of(command));
        }
      }
    }
    return commandLine(context);
  }

  private static CommandLine commandLine(CliContext context, List<Class<?>> commands) {
    CommandLine commandLine = new CommandLine(new EchomeshCommand(context));
    for (Class<?> command : commands) {
      commandLine.addSubcommand(command);
    }
    commandLine.setOut(
        new PrintWriter(new OutputStreamWriter(context.stdout(), StandardCharsets.UTF_8), true));
    commandLine.setErr(
        new PrintWriter(new OutputStreamWriter(context.stderr(), StandardCharsets.UTF_8), true));
    commandLine.setParameterExceptionHandler(new ErrorHandlers.Usage(context));
    commandLine.setExecutionExceptionHandler(new ErrorHandlers.Execution(context));
    commandLine.setExpandAtFiles(false); // '@FILE' is a payload, not picocli's argument file
    commandLine.setExecutionStrategy(EchomeshCommand::refuseUnmatchedThenRun);
    for (String calling : CALLING_COMMANDS) {
      CommandLine subcommand = commandLine.getSubcommands().get(calling);
      if (subcommand != null) {
        subcommand
            .getCommandSpec()
            .usageMessage()
            .exitCodeListHeading("%nExit codes:%n")
            .exitCodeList(ExitCodes.helpTable());
      }
    }
    return commandLine;
  }

  /**
   * picocli lets {@code --help} win over arguments it could not match, so {@code echomesh nosuch
   * --help} printed the top-level usage and exited 0: an unknown command is a usage error (exit 2)
   * whatever follows it.
   */
  private static int refuseUnmatchedThenRun(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult deepest = parseResult;
    while (deepest.hasSubcommand()) {
      deepest = deepest.subcommand();
    }
    if (!deepest.unmatched().isEmpty()) {
      throw new CommandLine.UnmatchedArgumentException(deepest.commandSpec().commandLine(), deepest.unmatched());
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  CliContext context() {
    return context;
  }

  /**
   * {@code echomesh} without a command: the usage on stderr and exit code 2, as for any other
   * incomplete command line (a script that forgot its command must not read success).
   */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
