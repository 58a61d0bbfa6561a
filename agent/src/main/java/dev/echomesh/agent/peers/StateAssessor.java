package dev.echomesh.agent.peers;

import java.time.Instant;

/**
 * Decides a peer's state from when it was last heard. The failure detector of the liveness
 * package provides the real one; the peer table only applies it.
 */
@FunctionalInterface
public interface StateAssessor {
  /**
   * @param current the peer's state now (never LEFT: the table keeps LEFT peers as they are)
   * @param lastSeen when the peer was last heard from
   * @param now the time of this assessment
   * @return the state the peer should be in
   */
  PeerState assess(PeerState current, Instant lastSeen, Instant now);
}
