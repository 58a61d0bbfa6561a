package dev.echomesh.agent.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One IP address of a local interface.
 *
 * @param address the address (IPv4 or IPv6; IPv6 link-local ones carry their scope)
 * @param prefixLength network prefix length in bits: 0-32 for IPv4, 0-128 for IPv6
 * @param broadcast the IPv4 broadcast address of its subnet; empty for IPv6 and for interfaces
 *     without broadcast (point-to-point, loopback)
 */
public record LocalAddress(InetAddress address, int prefixLength, Optional<Inet4Address> broadcast) {

  public LocalAddress {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(broadcast, "broadcast");
    int bits = address.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefixLength must be in [0, " + bits + "], got " + prefixLength);
    }
  }

  /** Whether {@code other} is in this address's subnet (same family, same first prefix bits). */
  public boolean sameSubnet(InetAddress other) {
    byte[] mine = address.getAddress();
    byte[] theirs = other.getAddress();
    if (mine.length != theirs.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (mine[i] != theirs[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (mine[full] & mask) == (theirs[full] & mask);
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength
        + broadcast.map(b -> " brd " + b.getHostAddress()).orElse("");
  }
}
