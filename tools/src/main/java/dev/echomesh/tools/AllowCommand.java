package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.DenyChange;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
final class AllowCommand extends DenyListCommand {

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "A full node ID, or a unique prefix of a denied one.")
  String node;

  @Override
  DenyChange send(ControlClient agent) throws IOException {
    return agent.allow(node);
  }

  @Override
  String outcome(boolean changed) {
    return changed ? "allowed again" : "was not denied";
  }
}
