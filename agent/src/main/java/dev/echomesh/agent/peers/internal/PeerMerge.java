package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
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

  /**
   * The record of a peer first known through {@code s}: ALIVE, last heard at {@code s.atNanos()},
   * shown as last seen at {@code seenAt} (that moment on the wall clock).
   */
  static KnownPeer first(Sighting s, Instant seenAt) {
    List<InetAddress> addresses = s.address() == null ? List.of() : List.of(s.address());
    Peer peer = new Peer(s.nodeId(), s.name(), PeerState.ALIVE, s.incarnation(), addresses,
        s.interfaceName(), s.announcedMac(), mismatch(s.announcedMac(), s.neighbourMac()),
        s.linkPort(), s.udpPort(), RttStats.NONE, 0.0, seenAt);
    return new KnownPeer(peer, s.atNanos());
  }

  /**
   * {@code known} updated by {@code s}, which happened at {@code seenAt} on the wall clock. A
   * sighting from an older incarnation changes nothing. A sighting that proves life makes the peer
   * ALIVE, except a LEFT peer of the same incarnation (a datagram that was still in flight when it
   * said goodbye), and moves "last heard" forward, never back (sightings are compared on the
   * ticker, so a step of the wall clock cannot reorder them).
   */
  static KnownPeer merge(KnownPeer knownPeer, Sighting s, Instant seenAt) {
    Peer known = knownPeer.peer();
    if (s.incarnation() != 0 && s.incarnation() < known.incarnation()) {
      return knownPeer;
    }
    boolean newIncarnation = s.incarnation() > known.incarnation();
    PeerState state = known.state();
    long lastHeard = knownPeer.lastHeardNanos();
    Instant lastSeen = known.lastSeen();
    if (s.source().provesAlive() && (state != PeerState.LEFT || newIncarnation)) {
      state = PeerState.ALIVE;
      if (s.atNanos() - lastHeard > 0) {
        lastHeard = s.atNanos();
        lastSeen = seenAt;
      }
    }
    String mac = s.announcedMac().isEmpty() ? known.mac() : s.announcedMac();
    boolean macMismatch = s.neighbourMac().isEmpty() ? known.macMismatch() : mismatch(mac, s.neighbourMac());
    Peer merged = new Peer(
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
    return new KnownPeer(merged, lastHeard);
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
