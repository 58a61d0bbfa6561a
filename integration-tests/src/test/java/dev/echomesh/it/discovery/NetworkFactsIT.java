package dev.echomesh.it.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.it.lan.HostProcess;
import dev.echomesh.it.lan.JavaCommand;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.it.lan.VirtualHost;
import dev.echomesh.it.lan.VirtualLan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The OS facts discovery reads (interfaces, neighbour table), read inside virtual hosts. */
@RequiresVirtualLan
class NetworkFactsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void interfacesAndNeighbourTable_readFromTheHostsOwnNamespace() {
    try (VirtualLan lan = VirtualLan.create(2)) {
      VirtualHost one = lan.host(1);
      VirtualHost two = lan.host(2);
      // Unicast traffic makes host 1 resolve host 2's MAC by ARP.
      one.exec("bash", "-c", "echo -n x > /dev/udp/" + two.ip().getHostAddress() + "/9").requireSuccess();

      String facts = facts(one, two.ip().getHostAddress(), "198.18.0.77");

      assertTrue(facts.contains("interface eth0 up=true mac=" + one.mac() + " ipv4=" + one.ip().getHostAddress()
          + " broadcast=198.18.0.255 ipv6=fe80:"), facts);
      assertTrue(facts.contains("interface lo up=true mac= ipv4=127.0.0.1 broadcast= ipv6="), facts);
      assertTrue(facts.contains("neighbour " + two.ip().getHostAddress() + " " + two.mac()), facts);
      assertTrue(facts.contains("neighbour 198.18.0.77 none"), facts);
    }
  }

  @Test
  void cutLink_interfaceReportedDown_restoredUp() {
    try (VirtualLan lan = VirtualLan.create(1)) {
      lan.cutLink(lan.host(1));
      assertTrue(facts(lan.host(1)).contains("interface eth0 up=false"), "no carrier counts as down");

      lan.restoreLink(lan.host(1));
      assertTrue(facts(lan.host(1)).contains("interface eth0 up=true"));
    }
  }

  private static String facts(VirtualHost host, String... neighbours) {
    HostProcess main = host.startJava(JavaCommand.mainClass(NetworkFactsMain.class).args(neighbours));
    assertEquals(0, main.waitFor(PATIENCE), main.stderr());
    return main.stdout();
  }
}
