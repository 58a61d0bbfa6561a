package dev.echomesh.tools;

import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.identity.DataDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh status}: is an agent running here, and what is it. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows whether an agent runs here, and what it is.",
      "Prints the name, node ID, link address, version, uptime, PID and peer count of the agent"
          + " running on the data directory. Exits 3 when none runs, so scripts can wait for"
          + " one: until echomesh status >/dev/null 2>&1; do sleep 0.2; done"
    })
final class StatusCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(
      names = "--json",
      description =
          "One JSON object: id, name, linkAddress, version, uptimeMillis, pid, peerCount, dataDir.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    DataDirectory directory = dataDir.resolve(context.env());
    AgentStatus status;
    try (ControlClient agent = ControlClient.connect(directory.path())) {
      status = agent.status();
    }
    PrintStream out = context.stdout();
    if (json) {
      Json.print(
          out,
          Json.object()
              .put("id", status.nodeId().toString())
              .put("name", status.name())
              .put("linkAddress", status.linkAddress())
              .put("version", status.version())
              .put("uptimeMillis", status.uptime().toMillis())
              .put("pid", status.pid())
              .put("peerCount", status.peerCount())
              .put("dataDir", directory.toString()));
      return ExitCodes.OK;
    }
    TextTable table = new TextTable("name", status.name());
    table.row("node ID", status.nodeId().toString());
    table.row("link", status.linkAddress());
    table.row("version", status.version());
    table.row("uptime", Durations.format(status.uptime()));
    table.row("pid", Long.toString(status.pid()));
    table.row("peers", Integer.toString(status.peerCount()));
    table.row("data dir", directory.toString());
    table.print(out);
    return ExitCodes.OK;
  }
}
