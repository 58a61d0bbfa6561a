package dev.echomesh.tools.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.discovery.LocalInterface;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterfaceCheckTest {

  private static LocalInterface nic(String name, boolean up, boolean loopback, boolean multicast) {
    return new LocalInterface(name, up, loopback, multicast, false, "", List.of());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a LAN interface               | lo eth0            | false
      Wi-Fi beside docker           | lo docker0 wlan0   | false
      only loopback                 | lo                 | true
      only container and VPN        | lo docker0 tun0 wg0 veth1a2b | true
      LAN interface down            | lo eth0-down       | true
      LAN interface without mcast   | lo eth0-nomcast    | true
      nothing at all                |                    | true
      """)
  void check_interfaceLists_findNoUsableOneWhenTheAgentWouldUseNone(String name, String nics,
      boolean expectFinding) {
    List<LocalInterface> interfaces = new ArrayList<>();
    for (String nic : nics == null ? new String[0] : nics.split(" ")) {
      String base = nic.replace("-down", "").replace("-nomcast", "");
      interfaces.add(nic(base, !nic.endsWith("-down"), base.equals("lo"), !nic.endsWith("-nomcast")));
    }
    List<Finding> findings = InterfaceCheck.check(interfaces);
    assertEquals(expectFinding ? List.of("no-usable-interface") : List.of(),
        findings.stream().map(Finding::code).toList(), name);
    if (expectFinding && nics != null && nics.contains("docker0")) {
      assertTrue(findings.get(0).problem().contains("docker0: virtual"), findings.get(0).problem());
    }
  }
}
