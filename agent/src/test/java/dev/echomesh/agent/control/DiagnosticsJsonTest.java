package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.discovery.DiscoveryReport.OtherMeshNode;
import dev.echomesh.agent.testing.TestPeers;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiagnosticsJsonTest {

  @Test
  void discoveryFrom_whatDiagnosticsWrote_sameReport() throws Exception {
    DiscoveryReport report = new DiscoveryReport(true, List.of("eth0", "wlan0"), Duration.ofSeconds(61),
        Optional.of(Duration.ofMillis(900)), List.of(new OtherMeshNode("K3F9", TestPeers.nodeId("nas"), "nas",
            List.of(InetAddress.getByName("198.18.0.9"), InetAddress.getByName("fe80::1")), "eth0",
            Duration.ofSeconds(4))));

    assertEquals(report, DiagnosticsJson.discoveryFrom(ApiJson.parse(
        ApiJson.bytesWithNewline(DiagnosticsJson.diagnostics(report)))));
  }

  @Test
  void discoveryFrom_neverHeard_hasNoHeardAgo() throws Exception {
    assertEquals(DiscoveryReport.OFF, DiagnosticsJson.discoveryFrom(ApiJson.parse(
        ApiJson.bytesWithNewline(DiagnosticsJson.diagnostics(DiscoveryReport.OFF)))));
  }

  @Test
  void discoveryFrom_hostNameForAnAddress_refusedWithoutALookup() throws Exception {
    String json = "{\"discovery\": {\"enabled\": true, \"interfaces\": [], \"announcingForMillis\": 0,"
        + " \"ownAnnouncementHeard\": false, \"otherMeshNodes\": [{\"meshId\": \"M\", \"nodeId\": \""
        + TestPeers.nodeId("x") + "\", \"name\": \"x\", \"addresses\": [\"example.org\"], \"interface\": \"eth0\","
        + " \"lastHeardMillisAgo\": 1}]}}";
    assertThrows(IllegalArgumentException.class, () -> DiagnosticsJson.discoveryFrom(ApiJson.parse(
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }
}
