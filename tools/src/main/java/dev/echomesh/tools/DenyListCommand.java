package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.DenyChange;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What {@code echomesh deny} and {@code echomesh allow} share: they send one change of the deny
 * list to the local agent and print its answer, one line or JSON with {@code --json}.
 */
abstract class DenyListCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(names = "--json", description = "JSON for scripts (fields below).")
  boolean json;

  /** Asks {@code agent} for this command's change. */
  abstract DenyChange send(ControlClient agent) throws IOException;

  /** What the line says happened to the node, for a change that {@code changed} the list or not. */
  abstract String outcome(boolean changed);

  @Override
  public final Integer call() throws IOException {
    CliContext context = root.context();
    DenyChange change;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      change = send(agent);
    }
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
          .println(
              "node " + change.node() + " " + outcome(change.changed())
                  + " (" + change.denied().size() + " denied)");
    }
    return ExitCodes.OK;
  }
}
