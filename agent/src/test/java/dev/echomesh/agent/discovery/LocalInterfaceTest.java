package dev.echomesh.agent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalInterfaceTest {

  private static final LocalInterface DUAL_STACK = new LocalInterface("eth0", true, false, true, false,
      "02:ec:00:00:00:01", List.of(
          Nics.v6("fe80::ec:ff:fe00:1", 64),
          Nics.v4("198.18.0.1", 24),
          Nics.v4("198.19.4.1", 22),
          Nics.v6("2001:db8::1", 64)));

  @Test
  void accessors_splitFamiliesAndBroadcasts() {
    assertEquals(List.of(Nics.ip("198.18.0.1"), Nics.ip("198.19.4.1")), DUAL_STACK.ipv4Addresses());
    assertEquals(List.of(Nics.ip("fe80::ec:ff:fe00:1"), Nics.ip("2001:db8::1")), DUAL_STACK.ipv6Addresses());
    assertEquals(List.of(Nics.ip("198.18.0.255"), Nics.ip("198.19.7.255")), DUAL_STACK.broadcastAddresses());
  }

  @ParameterizedTest
  @CsvSource({
      "198.18.0.200, true",
      "198.18.1.1, false",
      "198.19.7.254, true",
      "198.19.8.1, false",
      "2001:db8::ffff, true",
      "2001:db9::1, false",
      "10.0.0.1, false"})
  void isOnLink_subnetMembership(String address, boolean expected) {
    assertEquals(expected, DUAL_STACK.isOnLink(Nics.ip(address)));
  }

  @Test
  void sameSubnet_oddPrefixAndZeroPrefix() {
    LocalAddress slash23 = Nics.v4("192.0.2.1", 23);
    assertTrue(slash23.sameSubnet(Nics.ip("192.0.3.200")));
    assertFalse(slash23.sameSubnet(Nics.ip("192.0.4.1")));
    assertTrue(new LocalAddress(Nics.ip("192.0.2.1"), 0, Optional.empty()).sameSubnet(Nics.ip("203.0.113.1")));
  }

  @Test
  void localAddress_prefixOutOfRange_throws() {
    assertThrows(IllegalArgumentException.class, () -> new LocalAddress(Nics.ip("192.0.2.1"), 33, Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new LocalAddress(Nics.ip("::1"), -1, Optional.empty()));
  }

  @Test
  void formatMac_bytes_lowerCaseColonHex() {
    assertEquals("02:ec:0a:ff:00:7b", LocalInterface.formatMac(new byte[] {2, (byte) 0xec, 10, (byte) 0xff, 0, 123}));
  }

  @Test
  void formatMac_noneOrZero_empty() {
    assertEquals("", LocalInterface.formatMac(null));
    assertEquals("", LocalInterface.formatMac(new byte[0]));
    assertEquals("", LocalInterface.formatMac(new byte[6]));
  }
}
