package dev.echomesh.agent.peers;

import dev.echomesh.agent.identity.NodeId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One record per known node: what discovery, liveness and links have said about it, and its
 * liveness state. Thread-safe; every change is told to the listeners on the changing thread.
 *
 * <p>The table decides nothing by itself about time: states move when {@link #assess} is called
 * (the agent does so on its liveness tick) with the failure detector as {@link StateAssessor}.
 */
public interface PeerTable {

  /** A new, empty table. */
  static PeerTable create() {
    return new ConcurrentPeerTable();
  }

  /** Every peer, in node ID order. */
  List<Peer> snapshot();

  /** The peer with this ID, if known. */
  Optional<Peer> get(NodeId id);

  /**
   * Finds a peer by node ID, unique node ID prefix (at least 3 characters) or exact name.
   *
   * @throws IllegalArgumentException when the query is empty or matches several peers; the
   *     message names the candidates
   */
  Optional<Peer> find(String query);

  /** Adds a listener told of every later change. */
  void addListener(PeerListener listener);

  /** Merges one sighting: adds the peer, completes its record, and revives it if it proves so. */
  void record(Sighting sighting);

  /** Replaces a peer's round-trip statistics and loss; ignored for an unknown peer. */
  void recordRoundTrips(NodeId id, RttStats rtt, double lossPercent);

  /**
   * Marks a peer LEFT after its goodbye. A goodbye from an older incarnation than the one known
   * is ignored (it predates a restart); {@code incarnation} 0 means "whatever is current".
   */
  void markLeft(NodeId id, long incarnation);

  /** Applies the failure detector to every peer that is not LEFT. */
  void assess(Instant now, StateAssessor assessor);
}
