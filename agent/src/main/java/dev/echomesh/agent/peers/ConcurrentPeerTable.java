package dev.echomesh.agent.peers;

import dev.echomesh.agent.identity.NodeId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PeerTable} over a {@link ConcurrentHashMap}: each change is an atomic per-peer
 * {@code compute}, and listeners are told after it, outside the map's lock.
 */
final class ConcurrentPeerTable implements PeerTable {

  private static final Logger log = LoggerFactory.getLogger(ConcurrentPeerTable.class);

  private final ConcurrentHashMap<NodeId, Peer> peers = new ConcurrentHashMap<>();
  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public List<Peer> snapshot() {
    List<Peer> all = new ArrayList<>(peers.values());
    all.sort(Comparator.comparing(Peer::id));
    return all;
  }

  @Override
  public Optional<Peer> get(NodeId id) {
    return Optional.ofNullable(peers.get(id));
  }

  @Override
  public Optional<Peer> find(String query) {
    return PeerLookup.find(peers.values(), query);
  }

  @Override
  public void addListener(PeerListener listener) {
    listeners.add(listener);
  }

  @Override
  public void record(Sighting sighting) {
    Peer[] before = new Peer[1];
    Peer after = peers.compute(sighting.nodeId(), (id, known) -> {
      before[0] = known;
      return known == null ? PeerMerge.first(sighting) : PeerMerge.merge(known, sighting);
    });
    notifyIfChanged(before[0], after);
  }

  @Override
  public void recordRoundTrips(NodeId id, RttStats rtt, double lossPercent) {
    update(id, p -> PeerMerge.withRoundTrips(p, rtt, lossPercent));
  }

  @Override
  public void markLeft(NodeId id, long incarnation) {
    update(id, p -> incarnation != 0 && incarnation < p.incarnation()
        ? p
        : PeerMerge.withState(p, PeerState.LEFT));
  }

  @Override
  public void assess(Instant now, StateAssessor assessor) {
    for (NodeId id : peers.keySet()) {
      update(id, p -> p.state() == PeerState.LEFT
          ? p
          : PeerMerge.withState(p, assessor.assess(p.state(), p.lastSeen(), now)));
    }
  }

  private void update(NodeId id, UnaryOperator<Peer> change) {
    Peer[] before = new Peer[1];
    Peer after = peers.computeIfPresent(id, (key, known) -> {
      before[0] = known;
      return change.apply(known);
    });
    if (after != null) {
      notifyIfChanged(before[0], after);
    }
  }

  private void notifyIfChanged(Peer before, Peer after) {
    if (after.equals(before)) {
      return;
    }
    if (before == null || before.state() != after.state()) {
      log.info("peer {} ({}) is {}", after.name(), after.id().shortForm(), after.state());
    }
    for (PeerListener listener : listeners) {
      try {
        listener.peerChanged(before, after);
      } catch (RuntimeException e) {
        log.warn("peer listener {} failed on a change of {}; other listeners still run",
            listener, after.id().shortForm(), e);
      }
    }
  }
}
