package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * Round-trip times and loss of every peer, kept together behind one lock: the send thread adds
 * rounds, the receive thread adds answers, anyone may read. Each call holds the lock for
 * microseconds.
 *
 * <p>The figures describe the current period of contact: a peer heard again after a silence longer
 * than {@code restartAfterNanos} (the failure detector's DEAD threshold: it was down, or cut off)
 * starts over with no loss and no round trips, rather than showing its down period's 100% loss and
 * a round-trip mean from before, fading only over the next {@code window} rounds.
 */
final class PingStatsTable {

  private final int window;
  private final LossTracker loss;
  private final Map<NodeId, RttWindow> rtts = new HashMap<>();
  private final Map<NodeId, Long> lastHeardNanos = new HashMap<>();
  private final long restartAfterNanos;

  /**
   * @param window rounds and samples per peer, at least 1
   * @param pongTimeoutNanos how long a pong may take to count as an answer
   * @param restartAfterNanos a silence after which a peer heard again starts over, positive
   */
  PingStatsTable(int window, long pongTimeoutNanos, long restartAfterNanos) {
    if (restartAfterNanos <= 0) {
      throw new IllegalArgumentException("restartAfterNanos must be positive, got " + restartAfterNanos);
    }
    this.window = window;
    this.loss = new LossTracker(window, pongTimeoutNanos);
    this.restartAfterNanos = restartAfterNanos;
  }

  synchronized void roundSent(long round, long sentNanos) {
    loss.roundSent(round, sentNanos);
  }

  /** Records that {@code peer} was heard at {@code nowNanos}; after a long silence it starts over. */
  synchronized void heard(NodeId peer, long nowNanos) {
    Long last = lastHeardNanos.put(peer, nowNanos);
    if (last != null && nowNanos - last > restartAfterNanos) {
      loss.forget(peer);
      rtts.remove(peer);
    }
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
    lastHeardNanos.remove(peer);
  }
}
