package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.peers.internal.PeerExpiry;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.peers.internal.Sighting;
import dev.echomesh.agent.peers.internal.StateAssessor;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The peer table as liveness and discovery see it: what they hear from a denied node is ignored,
 * so a revoked member is never added or revived (one already known goes DEAD after its silence).
 */
final class DenyingPeerTable implements PeerTable {

  private final PeerTable peers;
  private final Predicate<NodeId> denied;

  DenyingPeerTable(PeerTable peers, Predicate<NodeId> denied) {
    this.peers = peers;
    this.denied = denied;
  }

  @Override
  public List<Peer> snapshot() {
    return peers.snapshot();
  }

  @Override
  public Optional<Peer> get(NodeId id) {
    return peers.get(id);
  }

  @Override
  public Optional<Peer> find(String query) {
    return peers.find(query);
  }

  @Override
  public void addListener(PeerListener listener) {
    peers.addListener(listener);
  }

  @Override
  public void record(Sighting sighting) {
    if (!denied.test(sighting.nodeId())) {
      peers.record(sighting);
    }
  }

  @Override
  public void recordRoundTrips(NodeId id, RttStats rtt, double lossPercent) {
    if (!denied.test(id)) {
      peers.recordRoundTrips(id, rtt, lossPercent);
    }
  }

  @Override
  public void markLeft(NodeId id, long incarnation) {
    peers.markLeft(id, incarnation);
  }

  @Override
  public void assess(long nowNanos, StateAssessor assessor) {
    peers.assess(nowNanos, assessor);
  }

  @Override
  public void expire(long nowNanos, PeerExpiry expiry) {
    peers.expire(nowNanos, expiry);
  }

  @Override
  public Optional<Peer> remove(NodeId id) {
    return peers.remove(id);
  }
}
