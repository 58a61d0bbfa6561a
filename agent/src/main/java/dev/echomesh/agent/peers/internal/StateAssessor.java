package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.peers.PeerState;

/**
 * Decides a peer's state from how long it has been silent. The failure detector of the liveness
 * package provides the real one ({@code FailureDetector::onSilence}); the peer table only applies
 * it. Both times are readings of the agent's {@link dev.echomesh.agent.time.Ticker}.
 */
@FunctionalInterface
public interface StateAssessor {
  /**
   * @param current the peer's state now (never LEFT: the table keeps LEFT peers as they are)
   * @param lastHeardNanos when the peer was last heard from, on the ticker
   * @param nowNanos the time of this assessment, on the same ticker
   * @return the state the peer should be in
   */
  PeerState assess(PeerState current, long lastHeardNanos, long nowNanos);
}
