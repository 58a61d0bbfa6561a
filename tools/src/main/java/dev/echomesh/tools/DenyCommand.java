package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.DenyChange;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code echomesh deny ID}: denies a node through the local agent (a revoked member). Exits 4 when
 * the text names no single node.
 */
@Command(
    name = "deny",
    mixinStandardHelpOptions = true,
    description = {
      "Denies a node: closes its links and refuses it until `echomesh allow`.",
      "The agent closes the node's links now, refuses it at every link handshake and ignores its"
          + " pings and announcements. The denial is kept in the data directory (denied-nodes) and"
          + " survives restarts. Exits 4 when ID names no single node."
    },
    footer = {
      "",
      "--json prints {\"node\", \"changed\" (false when it was denied already), \"denied\" (every",
      "denied node ID)}.",
    })
final class DenyCommand extends DenyListCommand {

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "A full node ID (any node, known or not), or a known peer's unique prefix or name.")
  String node;

  @Override
  DenyChange send(ControlClient agent) throws IOException {
    return agent.deny(node);
  }

  @Override
  String outcome(boolean changed) {
    return changed ? "denied" : "was already denied";
  }
}
