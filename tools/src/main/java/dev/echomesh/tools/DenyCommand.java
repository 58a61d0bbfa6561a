package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.DenyChange;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

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
final class DenyCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "A full node ID (any node, known or not), or a known peer's unique prefix or name.")
  String node;

  @Option(names = "--json", description = "JSON for scripts (fields below).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    DenyChange change;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      change = agent.deny(node);
    }
    printChange(change, json, context, change.changed() ? "denied" : "was already denied");
    return ExitCodes.OK;
  }

  /** Prints a deny or allow answer: one line, or JSON with {@code --json}. */
  static void printChange(DenyChange change, boolean json, CliContext context, String what) {
    if (json) {
      ArrayNode denied = Json.array();
      change.denied().forEach(id -> denied.add(id.toString()));
      Json.print(
          context.stdout(),
          Json.object()
              .put("node", change.node().toString())
              .put("changed", change.changed())
              .set("denied", denied));
    } else {
      context
          .stdout()
          .println("node " + change.node() + " " + what + " (" + change.denied().size() + " denied)");
    }
  }
}
