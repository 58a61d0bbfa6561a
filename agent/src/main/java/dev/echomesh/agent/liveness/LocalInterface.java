package dev.echomesh.agent.liveness;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address of a local network interface, as discovery found it: the subnet pings go out to and
 * come in from.
 *
 * @param name the interface's name, e.g. "eth0"
 * @param mac its MAC address, "aa:bb:cc:dd:ee:ff"; empty when unknown
 * @param address its address on the subnet
 * @param prefixLength the subnet's prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record LocalInterface(String name, String mac, InetAddress address, int prefixLength) {

  public LocalInterface {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(address, "address");
    int bits = address.getAddress().length * Byte.SIZE;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefixLength must be 0 to "
              + bits
              + " for "
              + address.getHostAddress()
              + ", got "
              + prefixLength);
    }
    if (mac.length() > DatagramCodec.MAX_MAC_CHARS) {
      throw new IllegalArgumentException(
          "mac is longer than " + DatagramCodec.MAX_MAC_CHARS + " characters");
    }
  }

  /** Whether {@code other} is on this subnet (same address family, same first prefix bits). */
  public boolean contains(InetAddress other) {
    byte[] mine = address.getAddress();
    byte[] theirs = other.getAddress();
    if (mine.length != theirs.length) {
      return false;
    }
    int fullBytes = prefixLength / Byte.SIZE;
    for (int i = 0; i < fullBytes; i++) {
      if (mine[i] != theirs[i]) {
        return false;
      }
    }
    int restBits = prefixLength % Byte.SIZE;
    if (restBits == 0) {
      return true;
    }
    int mask = (0xFF << (Byte.SIZE - restBits)) & 0xFF;
    return (mine[fullBytes] & mask) == (theirs[fullBytes] & mask);
  }
}
