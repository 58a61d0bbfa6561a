package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * Round-trip times and loss of every peer, kept together behind one lock: the send thread adds
 * rounds, the receive thread adds answers, anyone may read. Each call holds the lock for
 * microseconds.
 */
final class PingStatsTable {

  private final int window;
  private final LossTracker loss;
  private final Map<NodeId, RttWindow> rtts = new HashMap<>();

  /**
   * @param window rounds and samples per peer, at least 1
   * @param pongTimeoutNanos how long a pong may take to count as an answer
   */
  PingStatsTable(int window, long pongTimeoutNanos) {
    this.window = window;
    this.loss = new LossTracker(window, pongTimeoutNanos);
  }

  synchronized void roundSent(long round, long sentNanos) {
    loss.roundSent(round, sentNanos);
  }

  synchronized void heard(NodeId peer) {
    loss.heard(peer);
  }

  /**
   * Records a pong to a ping of {@code round} (0 for a probe outside the rounds: a round-trip
   * sample that does not count for loss); returns the peer's statistics with it.
   */
  synchronized PingStats answered(NodeId peer, long round, long rttNanos, long nowNanos) {
    loss.answered(peer, round, rttNanos);
    RttWindow rtt = rtts.computeIfAbsent(peer, p -> new RttWindow(window));
    rtt.add(rttNanos);
    return new PingStats(rtt.stats(), loss.lossPercent(peer, nowNanos));
  }

  synchronized PingStats stats(NodeId peer, long nowNanos) {
    RttWindow rtt = rtts.get(peer);
    if (rtt == null) {
      return new PingStats(PingStats.NONE.rtt(), loss.lossPercent(peer, nowNanos));
    }
    return new PingStats(rtt.stats(), loss.lossPercent(peer, nowNanos));
  }

  synchronized void forget(NodeId peer) {
    loss.forget(peer);
    rtts.remove(peer);
  }
}
