package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which peer changes become {@code peer} events. A change of state, address, name, port or
 * MAC always does; a change of measurements only (RTT, loss, last seen: several a second per peer,
 * one per ping) does at most once per {@link #MEASUREMENT_INTERVAL} per peer. Thread-safe.
 */
final class PeerEventThrottle {

  /** Shortest time between two measurement-only events of one peer. */
  static final Duration MEASUREMENT_INTERVAL = Duration.ofSeconds(1);

  private final Map<NodeId, Long> lastSentNanos = new ConcurrentHashMap<>();

  /**
   * @param before the peer before the change; null for a new peer
   * @param nowNanos the current time of a monotonic clock, in nanoseconds
   */
  boolean shouldSend(Peer before, Peer after, long nowNanos) {
    Long last = lastSentNanos.get(after.id());
    boolean measurementsOnly = before != null && sameExceptMeasurements(before, after);
    if (measurementsOnly && last != null && nowNanos - last < MEASUREMENT_INTERVAL.toNanos()) {
      return false;
    }
    lastSentNanos.put(after.id(), nowNanos);
    return true;
  }

  /** Drops what is kept about {@code peer}: it left the peer table. */
  void forget(NodeId peer) {
    lastSentNanos.remove(peer);
  }

  /** How many peers the throttle keeps a time for. */
  int size() {
    return lastSentNanos.size();
  }

  static boolean sameExceptMeasurements(Peer a, Peer b) {
    return a.id().equals(b.id())
        && a.name().equals(b.name())
        && a.state() == b.state()
        && a.incarnation() == b.incarnation()
        && a.addresses().equals(b.addresses())
        && Objects.equals(a.interfaceName(), b.interfaceName())
        && Objects.equals(a.mac(), b.mac())
        && a.macMismatch() == b.macMismatch()
        && a.linkPort() == b.linkPort()
        && a.udpPort() == b.udpPort();
  }
}
