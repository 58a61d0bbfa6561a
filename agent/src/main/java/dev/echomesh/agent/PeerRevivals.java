package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.internal.PeerTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Futures that complete when a peer is ALIVE again, for {@link AnyCall}'s wait on a silent peer.
 * A waiter leaves the list when its future completes in any way (the caller bounds it with its
 * deadline). Thread-safe; register it with the peer table it watches.
 */
final class PeerRevivals implements PeerListener {

  private final PeerTable peers;
  private final Map<NodeId, List<CompletableFuture<Void>>> waiting = new HashMap<>();

  PeerRevivals(PeerTable peers) {
    this.peers = peers;
  }

  /** Completes when {@code peer} is ALIVE: at once if it is now. */
  CompletableFuture<Void> whenAlive(NodeId peer) {
    CompletableFuture<Void> revival = new CompletableFuture<>();
    synchronized (waiting) {
      waiting.computeIfAbsent(peer, id -> new ArrayList<>()).add(revival);
    }
    revival.whenComplete((done, error) -> remove(peer, revival));
    if (peers.get(peer).map(p -> p.state() == PeerState.ALIVE).orElse(false)) {
      revival.complete(null); // ALIVE before the listener could see a change
    }
    return revival;
  }

  /** Waiters now, for tests. */
  int waiters() {
    synchronized (waiting) {
      return waiting.values().stream().mapToInt(List::size).sum();
    }
  }

  @Override
  public void peerChanged(Peer before, Peer after) {
    if (after.state() != PeerState.ALIVE) {
      return;
    }
    List<CompletableFuture<Void>> revived;
    synchronized (waiting) {
      revived = waiting.remove(after.id());
    }
    if (revived != null) {
      revived.forEach(f -> f.complete(null));
    }
  }

  private void remove(NodeId peer, CompletableFuture<Void> revival) {
    synchronized (waiting) {
      List<CompletableFuture<Void>> list = waiting.get(peer);
      if (list != null && list.remove(revival) && list.isEmpty()) {
        waiting.remove(peer);
      }
    }
  }
}
