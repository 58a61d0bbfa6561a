package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.TrustMode;
import dev.echomesh.agent.liveness.LivenessCounters;
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
      "Prints the name, node ID, trust mode, link address, version, uptime, PID and peer count"
          + " of the agent running on the data directory. Exits 3 when none runs, so scripts can wait for"
          + " one: until echomesh status >/dev/null 2>&1; do sleep 0.2; done"
    })
final class StatusCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(
      names = "--json",
      description =
          "One JSON object: id, name, trustMode (mesh-key or ca), linkAddress, version, uptimeMillis, pid, peerCount, dataDir,"
              + " udpPort, liveness {accepted, malformed, badMac, stale, replayed, ownEcho,"
              + " sendFailures, listenerFailures}.")
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
              .put("trustMode", TrustMode.of(directory).jsonName())
              .put("linkAddress", status.linkAddress())
              .put("version", status.version())
              .put("uptimeMillis", status.uptime().toMillis())
              .put("pid", status.pid())
              .put("peerCount", status.peerCount())
              .put("dataDir", directory.toString())
              .put("udpPort", status.udpPort())
              .set("liveness", livenessJson(status.liveness())));
      return ExitCodes.OK;
    }
    TextTable table = new TextTable("name", status.name());
    table.row("node ID", status.nodeId().toString());
    table.row("trust", TrustMode.of(directory).label());
    table.row("link", status.linkAddress());
    table.row("version", status.version());
    table.row("uptime", Durations.format(status.uptime()));
    table.row("pid", Long.toString(status.pid()));
    table.row("peers", Integer.toString(status.peerCount()));
    table.row("udp port", Integer.toString(status.udpPort()));
    table.row("liveness", datagrams(status.liveness()));
    table.row("data dir", directory.toString());
    table.print(out);
    return ExitCodes.OK;
  }

  static ObjectNode livenessJson(LivenessCounters counters) {
    return Json.object()
        .put("accepted", counters.accepted())
        .put("malformed", counters.malformed())
        .put("badMac", counters.badMac())
        .put("stale", counters.stale())
        .put("replayed", counters.replayed())
        .put("ownEcho", counters.ownEcho())
        .put("sendFailures", counters.sendFailures())
        .put("listenerFailures", counters.listenerFailures());
  }

  /** "1200 accepted, 3 dropped (bad MAC 2, replayed 1)". */
  static String datagrams(LivenessCounters counters) {
    StringBuilder text =
        new StringBuilder(counters.accepted() + " accepted, " + counters.dropped() + " dropped");
    StringBuilder reasons = new StringBuilder();
    reason(reasons, "malformed", counters.malformed());
    reason(reasons, "bad MAC", counters.badMac());
    reason(reasons, "stale", counters.stale());
    reason(reasons, "replayed", counters.replayed());
    if (reasons.length() > 0) {
      text.append(" (").append(reasons).append(')');
    }
    return text.toString();
  }

  private static void reason(StringBuilder reasons, String name, long count) {
    if (count > 0) {
      reasons.append(reasons.length() > 0 ? ", " : "").append(name).append(' ').append(count);
    }
  }
}
