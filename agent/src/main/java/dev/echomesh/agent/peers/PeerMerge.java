package dev.echomesh.agent.peers;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for folding a {@link Sighting} into a {@link Peer}: pure functions, so the table
 * itself only deals with concurrency.
 */
final class PeerMerge {

  /** Addresses kept per peer, most recent first. */
  static final int MAX_ADDRESSES = 8;

  private PeerMerge() {}

  /** The record of a peer first known through {@code s}: ALIVE, last seen at {@code s.at()}. */
  static Peer first(Sighting s) {
    List<InetAddress> addresses = s.address() == null ? List.of() : List.of(s.address());
    return new Peer(s.nodeId(), s.name(), PeerState.ALIVE, s.incarnation(), addresses,
        s.interfaceName(), s.announcedMac(), mismatch(s.announcedMac(), s.neighbourMac()),
        s.linkPort(), s.udpPort(), RttStats.NONE, 0.0, s.at());
  }

  /**
   * {@code known} updated by {@code s}. A sighting from an older incarnation changes nothing.
   * A sighting that proves life makes the peer ALIVE, except a LEFT peer of the same
   * incarnation (a datagram that was still in flight when it said goodbye).
   */
  static Peer merge(Peer known, Sighting s) {
    if (s.incarnation() != 0 && s.incarnation() < known.incarnation()) {
      return known;
    }
    boolean newIncarnation = s.incarnation() > known.incarnation();
    PeerState state = known.state();
    Instant lastSeen = known.lastSeen();
    if (s.source().provesAlive() && (state != PeerState.LEFT || newIncarnation)) {
      state = PeerState.ALIVE;
      lastSeen = s.at().isAfter(lastSeen) ? s.at() : lastSeen;
    }
    String mac = s.announcedMac().isEmpty() ? known.mac() : s.announcedMac();
    boolean macMismatch = s.neighbourMac().isEmpty() ? known.macMismatch() : mismatch(mac, s.neighbourMac());
    return new Peer(
        known.id(),
        s.name().isEmpty() ? known.name() : s.name(),
        state,
        Math.max(known.incarnation(), s.incarnation()),
        withFirst(known.addresses(), s.address()),
        s.interfaceName().isEmpty() ? known.interfaceName() : s.interfaceName(),
        mac,
        macMismatch,
        s.linkPort() == 0 ? known.linkPort() : s.linkPort(),
        s.udpPort() == 0 ? known.udpPort() : s.udpPort(),
        known.rtt(),
        known.lossPercent(),
        lastSeen);
  }

  static Peer withState(Peer p, PeerState state) {
    return new Peer(p.id(), p.name(), state, p.incarnation(), p.addresses(), p.interfaceName(),
        p.mac(), p.macMismatch(), p.linkPort(), p.udpPort(), p.rtt(), p.lossPercent(), p.lastSeen());
  }

  static Peer withRoundTrips(Peer p, RttStats rtt, double lossPercent) {
    return new Peer(p.id(), p.name(), p.state(), p.incarnation(), p.addresses(), p.interfaceName(),
        p.mac(), p.macMismatch(), p.linkPort(), p.udpPort(), rtt, lossPercent, p.lastSeen());
  }

  private static List<InetAddress> withFirst(List<InetAddress> addresses, InetAddress first) {
    if (first == null || (!addresses.isEmpty() && addresses.get(0).equals(first))) {
      return addresses;
    }
    List<InetAddress> result = new ArrayList<>(addresses.size() + 1);
    result.add(first);
    for (InetAddress a : addresses) {
      if (!a.equals(first) && result.size() < MAX_ADDRESSES) {
        result.add(a);
      }
    }
    return result;
  }

  private static boolean mismatch(String announced, String observed) {
    return !announced.isEmpty() && !observed.isEmpty() && !announced.equalsIgnoreCase(observed);
  }
}
