package dev.echomesh.agent.liveness;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a ping goes each round: a subnet's broadcast address (reaching every node on a LAN) or one
 * peer's address (a static peer, e.g. on another subnet).
 *
 * @param address destination address and UDP port
 * @param via the local interface the ping leaves by, when known: its MAC goes into the ping, and
 *     datagrams from its subnet are reported as heard on it
 */
public record PingTarget(InetSocketAddress address, Optional<LocalInterface> via) {

  /** The widest prefix with a broadcast address: /31 and /32 subnets have none (RFC 3021). */
  private static final int MAX_BROADCAST_PREFIX = 30;

  public PingTarget {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(via, "via");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          "ping target " + address + " is not resolved to an IP address");
    }
  }

  /** A unicast target: one peer at {@code address}. */
  public static PingTarget unicast(InetSocketAddress address) {
    return new PingTarget(address, Optional.empty());
  }

  /**
   * The broadcast address of {@code via}'s IPv4 subnet at {@code port}, e.g. 198.18.255.255 for
   * 198.18.0.7/16.
   *
   * @throws IllegalArgumentException for an IPv6 interface address (IPv6 has no broadcast) or a
   *     prefix longer than /30 (no broadcast address); give such peers as unicast targets
   */
  public static PingTarget subnetBroadcast(LocalInterface via, int port) {
    if (!(via.address() instanceof Inet4Address)) {
      throw new IllegalArgumentException(
          "no broadcast on "
              + via.name()
              + " "
              + via.address().getHostAddress()
              + ": IPv6 has no broadcast");
    }
    if (via.prefixLength() > MAX_BROADCAST_PREFIX) {
      throw new IllegalArgumentException(
          "no broadcast address on "
              + via.name()
              + " "
              + via.address().getHostAddress()
              + "/"
              + via.prefixLength());
    }
    byte[] bytes = via.address().getAddress();
    int host = Byte.SIZE * bytes.length - via.prefixLength();
    int value =
        ((bytes[0] & 0xFF) << 24)
            | ((bytes[1] & 0xFF) << 16)
            | ((bytes[2] & 0xFF) << 8)
            | (bytes[3] & 0xFF);
    int broadcast = value | (int) ((1L << host) - 1);
    byte[] out = {
      (byte) (broadcast >>> 24),
      (byte) (broadcast >>> 16),
      (byte) (broadcast >>> 8),
      (byte) broadcast
    };
    try {
      return new PingTarget(
          new InetSocketAddress(InetAddress.getByAddress(out), port), Optional.of(via));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an IPv4 address", e);
    }
  }
}
