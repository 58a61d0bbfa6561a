package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.time.DisplayTime;
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
 * {@code compute}, and listeners are told after it, outside the map's lock. Each entry keeps the
 * ticker reading the failure detector needs beside the {@link Peer} shown ({@link KnownPeer});
 * {@link DisplayTime} turns a sighting's reading into its {@link Peer#lastSeen()}. A removal is a
 * {@code compute} that returns null, so a sighting racing with it either lands before (and is
 * removed with the peer) or after (and adds the peer anew).
 */
final class ConcurrentPeerTable implements PeerTable {

  private static final Logger log = LoggerFactory.getLogger(ConcurrentPeerTable.class);

  private final ConcurrentHashMap<NodeId, KnownPeer> peers = new ConcurrentHashMap<>();
  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
  private final DisplayTime display;

  ConcurrentPeerTable(DisplayTime display) {
    this.display = display;
  }

  @Override
  public List<Peer> snapshot() {
    List<Peer> all = new ArrayList<>(peers.size());
    peers.values().forEach(known -> all.add(known.peer()));
    all.sort(Comparator.comparing(Peer::id));
    return all;
  }

  @Override
  public Optional<Peer> get(NodeId id) {
    return Optional.ofNullable(peers.get(id)).map(KnownPeer::peer);
  }

  @Override
  public Optional<Peer> find(String query) {
    return PeerLookup.find(peers.values().stream().map(KnownPeer::peer).toList(), query);
  }

  @Override
  public void addListener(PeerListener listener) {
    listeners.add(listener);
  }

  @Override
  public void record(Sighting sighting) {
    Instant seenAt = display.instantOf(sighting.atNanos());
    KnownPeer[] before = new KnownPeer[1];
    KnownPeer after = peers.compute(sighting.nodeId(), (id, known) -> {
      before[0] = known;
      return known == null ? PeerMerge.first(sighting, seenAt) : PeerMerge.merge(known, sighting, seenAt);
    });
    notifyIfChanged(before[0] == null ? null : before[0].peer(), after.peer());
  }

  @Override
  public void recordRoundTrips(NodeId id, RttStats rtt, double lossPercent) {
    update(id, known -> known.withPeer(PeerMerge.withRoundTrips(known.peer(), rtt, lossPercent)));
  }

  @Override
  public void markLeft(NodeId id, long incarnation) {
    update(id, known -> incarnation != 0 && incarnation < known.peer().incarnation()
        ? known
        : known.withPeer(PeerMerge.withState(known.peer(), PeerState.LEFT)));
  }

  @Override
  public void assess(long nowNanos, StateAssessor assessor) {
    for (NodeId id : peers.keySet()) {
      update(id, known -> known.peer().state() == PeerState.LEFT
          ? known
          : known.withPeer(PeerMerge.withState(known.peer(),
              assessor.assess(known.peer().state(), known.lastHeardNanos(), nowNanos))));
    }
  }

  @Override
  public void expire(long nowNanos, PeerExpiry expiry) {
    for (NodeId id : peers.keySet()) {
      KnownPeer[] removed = new KnownPeer[1];
      peers.computeIfPresent(id, (key, known) -> {
        if (expiry.expired(known.peer().state(), known.lastHeardNanos(), nowNanos)) {
          removed[0] = known;
          return null;
        }
        return known;
      });
      if (removed[0] != null) {
        Peer last = removed[0].peer();
        log.info("peer {} ({}) removed from the peer table: {} and silent for {} s; it comes back if"
            + " heard again", last.name(), last.id().shortForm(), last.state(),
            (nowNanos - removed[0].lastHeardNanos()) / 1_000_000_000L);
        notifyRemoved(last);
      }
    }
  }

  @Override
  public Optional<Peer> remove(NodeId id) {
    KnownPeer removed = peers.remove(id);
    if (removed == null) {
      return Optional.empty();
    }
    Peer last = removed.peer();
    log.info("peer {} ({}) forgotten while {}; if it is still running it comes back at its next"
        + " ping (to keep it out, put it on the deny list)",
        last.name(), last.id().shortForm(), last.state());
    notifyRemoved(last);
    return Optional.of(last);
  }

  private void notifyRemoved(Peer last) {
    for (PeerListener listener : listeners) {
      try {
        listener.peerRemoved(last);
      } catch (RuntimeException e) {
        log.warn("peer listener {} failed on the removal of {}; other listeners still run",
            listener, last.id().shortForm(), e);
      }
    }
  }

  private void update(NodeId id, UnaryOperator<KnownPeer> change) {
    KnownPeer[] before = new KnownPeer[1];
    KnownPeer after = peers.computeIfPresent(id, (key, known) -> {
      before[0] = known;
      return change.apply(known);
    });
    if (after != null) {
      notifyIfChanged(before[0].peer(), after.peer());
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
