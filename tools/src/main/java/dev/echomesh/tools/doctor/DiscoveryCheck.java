package dev.echomesh.tools.doctor;

import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.discovery.DiscoveryReport.OtherMeshNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the agent's mDNS discovery hears: its own announcement (or not), and other meshes.
 *
 * <p>The own announcement comes back through the host's own stack (multicast loopback), whatever
 * the LAN does: when it does not, something on this host drops it, in practice a firewall (an
 * output rule stops the packet before it is looped back, an input rule stops the looped copy).
 */
final class DiscoveryCheck {

  /**
   * How long the agent must have announced itself before a missing echo of its own announcement
   * counts: jmdns probes for about 4 s before it first announces, and the echo comes within a second
   * of that where multicast works; twice that leaves room for a loaded machine.
   */
  static final Duration OWN_ECHO_GRACE = Duration.ofSeconds(10);

  /** Nodes named per other mesh in a finding; the rest are counted. */
  static final int MAX_NAMED_NODES = 4;

  private DiscoveryCheck() {}

  /**
   * @param skipped where a check that cannot conclude yet (discovery off, announced too recently)
   *     says why
   */
  static List<Finding> check(DiscoveryReport report, Map<String, String> skipped) {
    List<Finding> findings = new ArrayList<>();
    if (!report.enabled()) {
      skipped.put("own-mdns-echo", "mDNS discovery is off in the agent");
    } else if (report.ownHeardAgo().isEmpty()) {
      if (report.announcingFor().compareTo(OWN_ECHO_GRACE) < 0) {
        skipped.put("own-mdns-echo", "the agent has announced itself for only "
            + report.announcingFor().toSeconds() + " s; run doctor again in " + OWN_ECHO_GRACE.toSeconds() + " s");
      } else {
        findings.add(Finding.problem("own-mdns-not-heard", "this agent has announced itself with mDNS for "
            + report.announcingFor().toSeconds() + " s on " + report.interfaces() + " but never heard its own"
            + " announcement back: this device's firewall drops mDNS (224.0.0.251 port 5353) going out or"
            + " coming in, perhaps by a default-deny policy the rule check above does not judge",
            "allow udp 5353 to and from 224.0.0.251 in this device's firewall (ufw: sudo ufw allow 5353/udp)"));
      }
    }
    Map<String, List<OtherMeshNode>> byMesh = new LinkedHashMap<>();
    for (OtherMeshNode node : report.otherMeshNodes()) {
      byMesh.computeIfAbsent(node.meshId(), mesh -> new ArrayList<>()).add(node);
    }
    byMesh.forEach((mesh, nodes) -> findings.add(Finding.note("other-mesh-mdns", nodes.size()
        + " agent(s) of another mesh (mesh ID " + mesh + ") announce themselves via mDNS on this LAN: "
        + describe(nodes),
        "if those devices belong to this mesh, run `echomesh join CODE` on them with this mesh's join"
        + " code; otherwise nothing to do, meshes ignore each other")));
    return findings;
  }

  private static String describe(List<OtherMeshNode> nodes) {
    String named = nodes.stream().limit(MAX_NAMED_NODES)
        .map(node -> printable(node.name()) + " (" + node.nodeId().shortForm() + ", "
            + node.addresses().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(" "))
            + " on " + node.interfaceName() + ", heard " + node.lastHeardAgo().toSeconds() + " s ago)")
        .collect(Collectors.joining(", "));
    return nodes.size() > MAX_NAMED_NODES ? named + " and " + (nodes.size() - MAX_NAMED_NODES) + " more" : named;
  }

  /** An announced name is untrusted text: control characters become '?'. */
  private static String printable(String name) {
    return name.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }
}
