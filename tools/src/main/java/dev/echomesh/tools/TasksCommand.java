package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.TaskListing;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskStatus;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh tasks [PEER]}: the tasks a node offers. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the tasks of this node or of a peer.",
      "With PEER, the list comes from the peer itself (its built-in `tasks` task)."
    })
final class TasksCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;
  @Mixin TimeoutOption timeout;

  @Parameters(
      paramLabel = "PEER",
      arity = "0..1",
      description = "Node ID, unique prefix of one, or name; none = this node.")
  String peer;

  @Option(names = "--json", description = "A JSON array of {name, description}.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    TaskListing listing;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      listing = peer == null ? agent.localTasks() : agent.peerTasks(peer, timeout.get());
    }
    if (listing.status() != TaskStatus.OK) {
      throw new CliException(
          ExitCodes.of(listing.status()), Calls.statusLine(listing.status(), listing.message()));
    }
    if (json) {
      ArrayNode array = Json.array();
      listing
          .tasks()
          .forEach(
              task -> {
                var node =
                    array.addObject().put("name", task.name()).put("description", task.description());
                if (!task.origin().isEmpty()) {
                  node.put("origin", task.origin());
                }
              });
      Json.print(context.stdout(), array);
      return ExitCodes.OK;
    }
    TextTable table = new TextTable("TASK", "DESCRIPTION");
    for (TaskInfo task : listing.tasks()) {
      String origin = task.origin().isEmpty() ? "" : " (" + task.origin() + ")";
      table.row(task.name(), task.description() + origin);
    }
    table.print(context.stdout());
    return ExitCodes.OK;
  }
}
