package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.time.DisplayTime;
import dev.echomesh.agent.time.Ticker;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One record per known node: what discovery, liveness and links have said about it, and its
 * liveness state. Thread-safe; every change is told to the listeners on the changing thread.
 *
 * <p>The table decides nothing by itself about time: states move when {@link #assess} is called
 * (the agent does so on its liveness tick) with the failure detector as {@link StateAssessor}, and
 * peers leave it when {@link #expire} is called with a {@link PeerExpiry} or on {@link #remove}.
 * Silence is measured on the agent's monotonic {@link Ticker}: sightings carry ticker readings, and
 * so does each assessment. The wall clock only dates {@link Peer#lastSeen()} for display, here and
 * nowhere else, so a step of the wall clock changes no peer's state.
 */
public interface PeerTable {

  /**
   * A new, empty table.
   *
   * @param wallClock dates {@link Peer#lastSeen()}, for display only
   * @param ticker the agent's ticker: the one {@link Sighting#atNanos()} and the {@code nowNanos}
   *     of {@link #assess} are read from
   */
  static PeerTable create(Clock wallClock, Ticker ticker) {
    return new ConcurrentPeerTable(new DisplayTime(wallClock, ticker));
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

  /**
   * Applies the failure detector to every peer that is not LEFT.
   *
   * @param nowNanos now, on the agent's ticker
   */
  void assess(long nowNanos, StateAssessor assessor);

  /**
   * Removes every peer that {@code expiry} says is gone for good (LEFT or DEAD and silent long
   * enough), telling listeners through {@link PeerListener#peerRemoved}. A peer heard again later
   * comes back as a new ALIVE record.
   *
   * @param nowNanos now, on the agent's ticker
   */
  void expire(long nowNanos, PeerExpiry expiry);

  /**
   * Removes the peer with this ID now, whatever its state, telling listeners through {@link
   * PeerListener#peerRemoved}. A peer that is still running comes back, as a new ALIVE record, the
   * next time it is heard (its next ping, pong or link).
   *
   * @return the peer as it was when removed; empty when it was not known
   */
  Optional<Peer> remove(NodeId id);
}
