package dev.echomesh.tools.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.discovery.DiscoveryReport.OtherMeshNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryCheckTest {

  private final Map<String, String> skipped = new HashMap<>();

  private static DiscoveryReport report(Duration announcingFor, Optional<Duration> ownHeardAgo,
      List<OtherMeshNode> others) {
    return new DiscoveryReport(true, List.of("eth0"), announcingFor, ownHeardAgo, others);
  }

  private static OtherMeshNode stranger(String mesh, int seed, String address) throws Exception {
    return new OtherMeshNode(mesh, Fixtures.nodeId(seed), "nas" + seed, List.of(InetAddress.getByName(address)),
        "eth0", Duration.ofSeconds(3));
  }

  @Test
  void check_ownAnnouncementHeard_findsNothing() {
    assertEquals(List.of(), DiscoveryCheck.check(
        report(Duration.ofMinutes(5), Optional.of(Duration.ofSeconds(2)), List.of()), skipped));
    assertEquals(Map.of(), skipped);
  }

  @Test
  void check_neverHeardAfterTheGrace_isAProblemWithAFix() {
    List<Finding> findings = DiscoveryCheck.check(
        report(Duration.ofSeconds(30), Optional.empty(), List.of()), skipped);

    assertEquals(1, findings.size());
    assertEquals("own-mdns-not-heard", findings.get(0).code());
    assertEquals(Finding.Severity.PROBLEM, findings.get(0).severity());
    assertTrue(findings.get(0).problem().contains("[eth0]"), findings.get(0).problem());
    assertTrue(findings.get(0).fix().contains("5353"), findings.get(0).fix());
  }

  @Test
  void check_neverHeardWithinTheGrace_isSkippedNotBlamed() {
    assertEquals(List.of(), DiscoveryCheck.check(report(Duration.ofSeconds(3), Optional.empty(), List.of()), skipped));
    assertTrue(skipped.get("own-mdns-echo").contains("only 3 s"), skipped.toString());
  }

  @Test
  void check_discoveryOff_isSkipped() {
    assertEquals(List.of(), DiscoveryCheck.check(DiscoveryReport.OFF, skipped));
    assertEquals("mDNS discovery is off in the agent", skipped.get("own-mdns-echo"));
  }

  @Test
  void check_twoOtherMeshes_oneNoteEachNamingItsNodes() throws Exception {
    List<Finding> findings = DiscoveryCheck.check(report(Duration.ofMinutes(1), Optional.of(Duration.ZERO),
        List.of(stranger("MESHA", 2, "198.18.0.9"), stranger("MESHB", 3, "198.18.0.10"),
            stranger("MESHA", 4, "198.18.0.11"))), skipped);

    assertEquals(List.of("other-mesh-mdns", "other-mesh-mdns"), findings.stream().map(Finding::code).toList());
    assertEquals(Finding.Severity.NOTE, findings.get(0).severity());
    assertTrue(findings.get(0).problem().startsWith("2 agent(s) of another mesh (mesh ID MESHA)"),
        findings.get(0).problem());
    assertTrue(findings.get(0).problem().contains("198.18.0.9") && findings.get(0).problem().contains("198.18.0.11"),
        findings.get(0).problem());
    assertTrue(findings.get(1).problem().contains("MESHB"), findings.get(1).problem());
  }

  @Test
  void check_nameWithControlCharacters_printedHarmlessly() throws Exception {
    OtherMeshNode node = new OtherMeshNode("M", Fixtures.nodeId(5), "evil\u001b[2Jname",
        List.of(InetAddress.getByName("198.18.0.9")), "eth0", Duration.ZERO);
    String problem = DiscoveryCheck.check(report(Duration.ofMinutes(1), Optional.of(Duration.ZERO), List.of(node)),
        skipped).get(0).problem();
    assertTrue(problem.contains("evil?[2Jname") && !problem.contains("\u001b"), problem);
  }
}
