package dev.echomesh.agent.discovery;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The OS's IPv4 neighbour (ARP) table: which MAC answered for an address on the LAN. Used to
 * check the MAC a peer announces against the one its packets really come from.
 *
 * <p>On Linux it is read from {@code /proc/net/arp} (of the process's network namespace). Where
 * there is no such file (other systems) every lookup is empty; IPv6 neighbours (NDP) are not
 * covered.
 */
@FunctionalInterface
public interface NeighbourTable {

  /**
   * The MAC of {@code address} as lower-case colon-separated hex, if the table holds a complete
   * entry for it. An entry appears only after unicast traffic with that host, so an empty answer
   * means "not known (yet)", not "wrong".
   */
  Optional<String> macOf(InetAddress address);

  /** This machine's table, read afresh at each lookup; empty where the OS has none. */
  static NeighbourTable system() {
    return new ProcNetArp(Path.of("/proc/net/arp"));
  }

  /**
   * This machine's table as it is now, read once: lookups are then map reads, cheap enough for a
   * packet path. Empty where the OS has none or it cannot be read (logged once by
   * {@link #system()}'s reader).
   */
  static NeighbourTable systemSnapshot() {
    return ((ProcNetArp) system()).snapshot();
  }

  /** A fixed table parsed from the text of a {@code /proc/net/arp} file (tests, snapshots). */
  static NeighbourTable parse(String procNetArp) {
    Map<InetAddress, String> entries = ProcNetArp.parse(procNetArp);
    return address -> Optional.ofNullable(entries.get(address));
  }

  /** A table that knows nothing. */
  static NeighbourTable empty() {
    return address -> Optional.empty();
  }
}
