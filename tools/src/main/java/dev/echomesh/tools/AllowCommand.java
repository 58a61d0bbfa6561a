package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.DenyChange;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh allow ID}: lifts a denial made with {@code echomesh deny}. */
@Command(
    name = "allow",
    mixinStandardHelpOptions = true,
    description = {
      "Lifts a denial made with `echomesh deny`.",
      "The node may link and ping again. A node denied by the config file (key deny) stays denied:"
          + " remove it there and run `echomesh reload`; that exits 1. Exits 4 when ID names no"
          + " single denied node."
    },
    footer = {
      "",
      "--json prints {\"node\", \"changed\" (false when it was not denied), \"denied\" (every",
      "node ID still denied)}.",
    })
final class AllowCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "A full node ID, or a unique prefix of a denied one.")
  String node;

  @Option(names = "--json", description = "JSON for scripts (fields below).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    DenyChange change;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      change = agent.allow(node);
    }
    DenyCommand.printChange(
        change, json, context, change.changed() ? "allowed again" : "was not denied");
    return ExitCodes.OK;
  }
}
