package dev.echomesh.tools.doctor;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where would the kernel send mDNS (224.0.0.251) by default? Reads {@code /proc/net/route}.
 * echomesh picks the outgoing interface of each mDNS socket itself, so this only yields notes: other
 * mDNS programs on the device (and replies of some responders) follow the routing table.
 */
final class MulticastRouteCheck {

  /** 224.0.0.251, the mDNS group. */
  private static final long MDNS_GROUP = (224L << 24) | 251;

  private MulticastRouteCheck() {}

  /**
   * @param procNetRoute the text of {@code /proc/net/route}
   * @param usable the names of the interfaces the agent would use
   */
  static List<Finding> check(String procNetRoute, Set<String> usable) {
    Optional<String> through = routeOf(procNetRoute);
    if (through.isEmpty()) {
      return List.of(Finding.note("no-multicast-route",
          "no route covers multicast (224.0.0.251): programs that do not choose an interface cannot"
              + " send mDNS",
          "add one: ip route add 224.0.0.0/4 dev IFACE (IFACE: the LAN interface)"));
    }
    if (!usable.isEmpty() && !usable.contains(through.get())) {
      return List.of(Finding.note("multicast-route-elsewhere",
          "multicast (224.0.0.251) is routed through " + through.get()
              + ", not a LAN interface (" + String.join(", ", usable) + ")",
          "route it to the LAN: ip route add 224.0.0.0/4 dev " + usable.iterator().next()));
    }
    return List.of();
  }

  /** The interface of the longest up route covering the mDNS group, if any. */
  static Optional<String> routeOf(String procNetRoute) {
    String best = null;
    int bestBits = -1;
    for (String line : procNetRoute.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 8 || f[0].equals("Iface")) {
        continue;
      }
      long destination = littleEndian(f[1]);
      int flags = Integer.parseInt(f[3], 16);
      long mask = littleEndian(f[7]);
      boolean up = (flags & 1) != 0;
      if (up && (MDNS_GROUP & mask) == destination && Long.bitCount(mask) > bestBits) {
        best = f[0];
        bestBits = Long.bitCount(mask);
      }
    }
    return Optional.ofNullable(best);
  }

  /** /proc/net/route prints IPv4 addresses as the hex of their little-endian int. */
  private static long littleEndian(String hex) {
    long value = Long.parseLong(hex, 16);
    return ((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >> 8) & 0xff00) | ((value >> 24) & 0xff);
  }
}
