package dev.echomesh.agent.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalInterfaceTest {

  @ParameterizedTest(name = "{0}/{1} contains {2}: {3}")
  @CsvSource({
    "198.18.0.7, 16, 198.18.200.1, true",
    "198.18.0.7, 16, 198.19.0.1, false",
    "198.18.0.7, 15, 198.19.0.1, true",
    "198.18.0.7, 15, 198.20.0.1, false",
    "192.168.1.10, 24, 192.168.1.255, true",
    "192.168.1.10, 24, 192.168.2.1, false",
    "192.168.1.10, 27, 192.168.1.31, true",
    "192.168.1.10, 27, 192.168.1.32, false",
    "192.168.1.10, 32, 192.168.1.10, true",
    "192.168.1.10, 32, 192.168.1.11, false",
    "10.0.0.1, 0, 8.8.8.8, true",
    "fd00::1, 64, fd00::abcd, true",
    "fd00::1, 64, fd00:0:0:1::1, false",
    "fd00::1, 64, 198.18.0.1, false",
    // Java turns an IPv4-mapped IPv6 address into the IPv4 address it maps
    "198.18.0.7, 16, ::ffff:c612:1, true",
  })
  void contains_table(String address, int prefix, String other, boolean expected) throws Exception {
    LocalInterface nif = new LocalInterface("eth0", "", InetAddress.getByName(address), prefix);

    assertEquals(expected, nif.contains(InetAddress.getByName(other)));
  }

  @ParameterizedTest
  @CsvSource({"198.18.0.7, 33", "198.18.0.7, -1", "fd00::1, 129"})
  void constructor_prefixOutOfRange_throws(String address, int prefix) throws Exception {
    InetAddress parsed = InetAddress.getByName(address);

    assertThrows(
        IllegalArgumentException.class, () -> new LocalInterface("eth0", "", parsed, prefix));
  }
}
