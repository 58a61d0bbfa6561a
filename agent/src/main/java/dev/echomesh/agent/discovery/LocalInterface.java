package dev.echomesh.agent.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A description of one network interface of this machine, as enumerated at one moment.
 * Pure data: selection ({@link InterfaceSelector}) works on these, so it is tested without the
 * machine's real interfaces.
 *
 * @param name the OS name, e.g. {@code eth0}, {@code wlan0}, {@code docker0}
 * @param up whether it is administratively up and has carrier (Linux IFF_UP and IFF_RUNNING)
 * @param loopback whether it is a loopback interface
 * @param multicast whether it supports multicast (mDNS needs it)
 * @param pointToPoint whether it is a point-to-point link (VPN tunnels, PPP)
 * @param mac its hardware address as lower-case colon-separated hex ({@code aa:bb:cc:dd:ee:ff});
 *     empty when it has none
 * @param addresses its IPv4 and IPv6 addresses
 */
public record LocalInterface(
    String name,
    boolean up,
    boolean loopback,
    boolean multicast,
    boolean pointToPoint,
    String mac,
    List<LocalAddress> addresses) {

  public LocalInterface {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mac, "mac");
    addresses = List.copyOf(addresses);
  }

  /** Its IPv4 addresses, in the order the OS lists them. */
  public List<Inet4Address> ipv4Addresses() {
    return addresses.stream().map(LocalAddress::address)
        .filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).toList();
  }

  /** Its IPv6 addresses (link-local ones with their scope), in the order the OS lists them. */
  public List<Inet6Address> ipv6Addresses() {
    return addresses.stream().map(LocalAddress::address)
        .filter(Inet6Address.class::isInstance).map(Inet6Address.class::cast).toList();
  }

  /** The IPv4 broadcast addresses of its subnets: where UDP broadcasts on this interface go. */
  public List<Inet4Address> broadcastAddresses() {
    return addresses.stream().flatMap(a -> a.broadcast().stream()).distinct().toList();
  }

  /** Whether {@code address} is in one of this interface's subnets. */
  public boolean isOnLink(InetAddress address) {
    return addresses.stream().anyMatch(a -> a.sameSubnet(address));
  }

  /**
   * Formats a hardware address as lower-case colon-separated hex; empty for null, empty or
   * all-zero addresses (which mean "none").
   */
  public static String formatMac(byte[] hardwareAddress) {
    if (hardwareAddress == null || hardwareAddress.length == 0) {
      return "";
    }
    boolean allZero = true;
    StringBuilder text = new StringBuilder(hardwareAddress.length * 3);
    for (byte b : hardwareAddress) {
      allZero &= b == 0;
      if (text.length() > 0) {
        text.append(':');
      }
      text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return allZero ? "" : text.toString();
  }
}
