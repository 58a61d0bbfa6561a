package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.tools.doctor.Diagnosis;
import dev.echomesh.tools.doctor.Doctor;
import dev.echomesh.tools.doctor.Finding;
import dev.echomesh.tools.doctor.Ports;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh doctor}: why this device cannot see or reach its peers. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Says why this device cannot see or reach its peers, each finding with a one-line fix.",
      "Checks the network interfaces (with the agent's own rule), the multicast route, nftables"
          + " and iptables rules dropping mDNS (5353/udp), the ping port, the link port or"
          + " multicast, other processes on the agent's ports; and, through the running agent,"
          + " peers whose pings never arrive (Wi-Fi client isolation), agents of another mesh"
          + " (by their pings and their mDNS announcements), its own mDNS announcement never"
          + " heard back, clocks far off and peers' link ports that refuse connections. Run it as root to"
          + " read firewall rules and every process's sockets.",
      "Exits 0 when nothing is wrong, 14 when it found a problem (notes alone exit 0)."
    })
final class DoctorCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(
      names = "--json",
      description =
          "One JSON object: ok, agentRunning, ports {udp, link}, findings [{code, severity"
              + " (PROBLEM or NOTE), problem, fix}], skipped {check: why}.")
  boolean json;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Link port to check when no agent runs (default: 47200); a running agent's wins.")
  int linkPort = LinkConfig.DEFAULT_PORT;

  @Option(
      names = "--udp-port",
      paramLabel = "PORT",
      description = "Ping port to check when no agent runs (default: 47200); a running agent's wins.")
  int udpPort = LivenessConfig.DEFAULT_PORT;

  @Override
  public Integer call() {
    CliContext context = root.context();
    Diagnosis diagnosis = Doctor.forSystem(dataDir.resolve(context.env()).path())
        .diagnose(new Ports(udpPort, linkPort));
    PrintStream out = context.stdout();
    if (json) {
      Json.print(out, toJson(diagnosis));
    } else {
      print(out, diagnosis);
    }
    return diagnosis.hasProblems() ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
  }

  static ObjectNode toJson(Diagnosis diagnosis) {
    ArrayNode findings = Json.array();
    for (Finding finding : diagnosis.findings()) {
      findings.add(Json.object().put("code", finding.code())
          .put("severity", finding.severity().name())
          .put("problem", finding.problem())
          .put("fix", finding.fix()));
    }
    ObjectNode skipped = Json.object();
    diagnosis.skipped().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> skipped.put(e.getKey(), e.getValue()));
    ObjectNode json = Json.object().put("ok", !diagnosis.hasProblems())
        .put("agentRunning", diagnosis.agentRunning());
    json.set("ports", Json.object().put("udp", diagnosis.ports().udpPort())
        .put("link", diagnosis.ports().linkPort()));
    json.set("findings", findings);
    json.set("skipped", skipped);
    return json;
  }

  private static void print(PrintStream out, Diagnosis diagnosis) {
    if (diagnosis.findings().isEmpty()) {
      out.println("No problem found.");
    }
    for (Finding finding : diagnosis.findings()) {
      out.println((finding.severity() == Finding.Severity.PROBLEM ? "PROBLEM " : "note    ")
          + finding.problem());
      out.println("  fix: " + finding.fix());
    }
    diagnosis.skipped().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.println("not checked (" + e.getKey() + "): " + e.getValue()));
  }
}
