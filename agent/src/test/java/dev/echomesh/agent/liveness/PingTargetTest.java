package dev.echomesh.agent.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PingTargetTest {

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource({
    "198.18.0.7, 16, 198.18.255.255",
    "198.18.0.7, 15, 198.19.255.255",
    "192.168.1.10, 24, 192.168.1.255",
    "192.168.1.10, 27, 192.168.1.31",
    "10.1.2.3, 8, 10.255.255.255",
    "10.1.2.3, 30, 10.1.2.3",
    "10.1.2.4, 30, 10.1.2.7",
    "10.1.2.3, 0, 255.255.255.255",
  })
  void subnetBroadcast_table(String address, int prefix, String broadcast) throws Exception {
    LocalInterface nif =
        new LocalInterface("eth0", "02:00:00:00:00:01", InetAddress.getByName(address), prefix);

    PingTarget target = PingTarget.subnetBroadcast(nif, 47200);

    assertEquals(new InetSocketAddress(InetAddress.getByName(broadcast), 47200), target.address());
    assertEquals(Optional.of(nif), target.via());
  }

  @ParameterizedTest
  @CsvSource({"198.18.0.7, 31", "198.18.0.7, 32", "fd00::1, 64"})
  void subnetBroadcast_noBroadcastAddress_throws(String address, int prefix) throws Exception {
    LocalInterface nif = new LocalInterface("eth0", "", InetAddress.getByName(address), prefix);

    assertThrows(IllegalArgumentException.class, () -> PingTarget.subnetBroadcast(nif, 47200));
  }

  @Test
  void unicast_unresolved_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PingTarget.unicast(InetSocketAddress.createUnresolved("peer.example", 47200)));
  }
}
