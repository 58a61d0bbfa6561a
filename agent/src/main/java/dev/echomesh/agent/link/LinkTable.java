package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which links exist: the one usable link per peer, every established link (draining ones too,
 * for the shutdown), and the dial in progress per peer, so concurrent calls share one dial.
 * Thread-safe; reads on the call path take no locks.
 */
final class LinkTable {

  /**
   * What adding a link decided.
   *
   * @param winner the link to use for the peer from now on
   * @param loser the link that lost to a duplicate and must drain; null when there was none
   */
  record Added(Link winner, Link loser) {}

  private final NodeId self;
  private final ConcurrentHashMap<NodeId, Link> usable = new ConcurrentHashMap<>();
  private final Set<Link> all = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<NodeId, CompletableFuture<Link>> dials = new ConcurrentHashMap<>();

  LinkTable(NodeId self) {
    this.self = self;
  }

  /** The link new calls to {@code peer} should use, or null. */
  Link usable(NodeId peer) {
    Link link = usable.get(peer);
    return link != null && link.isAccepting() ? link : null;
  }

  /** The peers with a usable link. */
  Set<NodeId> peers() {
    return Set.copyOf(usable.keySet());
  }

  /** Every established link, draining ones included. */
  List<Link> all() {
    return List.copyOf(all);
  }

  /**
   * The dial to {@code peer} already running, or null after registering {@code fresh} as the
   * one that is (then the caller must start it). A dial leaves the table when it completes.
   */
  CompletableFuture<Link> joinDial(NodeId peer, CompletableFuture<Link> fresh) {
    CompletableFuture<Link> running = dials.putIfAbsent(peer, fresh);
    if (running != null) {
      return running;
    }
    fresh.whenComplete((link, error) -> dials.remove(peer, fresh));
    return null;
  }

  /** Fails every dial in progress (shutdown). */
  void failDials(Throwable cause) {
    dials.values().forEach(dial -> dial.completeExceptionally(cause));
  }

  /**
   * Adds a link that completed its handshake. When the peer already has a usable link, the
   * duplicate rule ({@link DuplicateLinks}) picks the one to keep. Completes the dial to the peer
   * in progress, if any, with the winner.
   */
  Added add(Link link) {
    all.add(link);
    link.closeFuture().addListener(f -> all.remove(link));
    NodeId peer = link.peer();
    Link[] loser = new Link[1];
    Link winner = usable.compute(peer, (id, existing) -> {
      if (existing == null || !existing.isAccepting()) {
        return link;
      }
      boolean replace = DuplicateLinks.newLinkWins(self, peer, existing.info().dialedByUs(), link.info().dialedByUs());
      loser[0] = replace ? existing : link;
      return replace ? link : existing;
    });
    CompletableFuture<Link> waiting = dials.get(peer);
    if (waiting != null) {
      waiting.complete(winner);
    }
    return new Added(winner, loser[0]);
  }

  /** {@code link} takes no new calls: no longer the peer's usable link. */
  void remove(Link link) {
    usable.remove(link.peer(), link);
  }
}
