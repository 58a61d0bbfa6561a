package dev.echomesh.agent.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** Builds fake interface descriptions for tests. */
final class Nics {

  private Nics() {}

  /** An up, multicast, non-loopback Ethernet interface with one IPv4 /24 address. */
  static LocalInterface ethernet(String name, String ipv4) {
    return new LocalInterface(name, true, false, true, false, "02:00:00:00:00:01", List.of(v4(ipv4, 24)));
  }

  static LocalInterface withFlags(String name, boolean up, boolean loopback, boolean multicast) {
    return new LocalInterface(name, up, loopback, multicast, false, "", List.of());
  }

  static LocalAddress v4(String address, int prefix) {
    Inet4Address ip = (Inet4Address) ip(address);
    byte[] b = ip.getAddress();
    int value = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    int hostBits = prefix == 32 ? 0 : (int) ((1L << (32 - prefix)) - 1);
    int broadcast = value | hostBits;
    return new LocalAddress(ip, prefix, prefix >= 31 ? Optional.empty()
        : Optional.of((Inet4Address) ip(((broadcast >>> 24) & 0xff) + "." + ((broadcast >>> 16) & 0xff) + "."
            + ((broadcast >>> 8) & 0xff) + "." + (broadcast & 0xff))));
  }

  static LocalAddress v6(String address, int prefix) {
    return new LocalAddress(ip(address), prefix, Optional.empty());
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // literals only: never a DNS lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
