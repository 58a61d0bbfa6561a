package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import java.util.HashMap;
import java.util.Map;

/**
 * Packet loss per peer: the share of our recent ping rounds that the peer did not answer within the
 * pong timeout.
 *
 * <p>A round is one ping to every target, sent at one time; a peer answers a round when a pong to
 * any ping of that round arrives within {@code pongTimeoutNanos} of that ping. Only rounds that
 * count are used: among the last {@code window} rounds, those sent since the peer was first known
 * (so a newcomer does not start with 100% loss) and whose timeout has passed (so a pong still on
 * its way is not a loss). With no such round the loss is 0.
 *
 * <p>Pure (time is an argument) and not thread-safe; {@link PingStatsTable} guards it.
 */
final class LossTracker {

  private final int window;
  private final long pongTimeoutNanos;
  private final long[] roundAtSlot;
  private final long[] sentNanosAtSlot;
  private final Map<NodeId, PeerRounds> peers = new HashMap<>();
  private long latestRound;

  /**
   * @param window how many recent rounds count, at least 1
   * @param pongTimeoutNanos how long a pong may take to count as an answer, positive
   */
  LossTracker(int window, long pongTimeoutNanos) {
    if (window < 1 || pongTimeoutNanos <= 0) {
      throw new IllegalArgumentException(
          "bad loss tracker settings: window "
              + window
              + ", pong timeout "
              + pongTimeoutNanos
              + " ns");
    }
    this.window = window;
    this.pongTimeoutNanos = pongTimeoutNanos;
    this.roundAtSlot = new long[window];
    this.sentNanosAtSlot = new long[window];
  }

  /** Records that round {@code round} (1, 2, 3, ... in order) was sent at {@code sentNanos}. */
  void roundSent(long round, long sentNanos) {
    int slot = slot(round);
    roundAtSlot[slot] = round;
    sentNanosAtSlot[slot] = sentNanos;
    latestRound = Math.max(latestRound, round);
  }

  /** Records that {@code peer} was heard from; a new peer's loss counts from the next round on. */
  void heard(NodeId peer) {
    peers.computeIfAbsent(peer, p -> new PeerRounds(window, latestRound + 1));
  }

  /**
   * Records a pong from {@code peer} to a ping of {@code round} that took {@code rttNanos}. A pong
   * slower than the pong timeout, or for a round already out of the window, is no answer; round 0
   * (a probe outside the rounds) counts for nothing.
   */
  void answered(NodeId peer, long round, long rttNanos) {
    if (round < 1 || round <= latestRound - window || round > latestRound) {
      return;
    }
    PeerRounds rounds = peers.computeIfAbsent(peer, p -> new PeerRounds(window, round));
    rounds.firstRound = Math.min(rounds.firstRound, round);
    if (rttNanos <= pongTimeoutNanos) {
      rounds.answeredAtSlot[slot(round)] = round;
    }
  }

  /** Loss of {@code peer} at {@code nowNanos}, 0 to 100; 0 for a peer never heard from. */
  double lossPercent(NodeId peer, long nowNanos) {
    PeerRounds rounds = peers.get(peer);
    if (rounds == null) {
      return 0;
    }
    int due = 0;
    int missed = 0;
    for (long round = Math.max(rounds.firstRound, latestRound - window + 1);
        round <= latestRound;
        round++) {
      int slot = slot(round);
      if (roundAtSlot[slot] != round || nowNanos - sentNanosAtSlot[slot] < pongTimeoutNanos) {
        continue;
      }
      due++;
      if (rounds.answeredAtSlot[slot] != round) {
        missed++;
      }
    }
    return due == 0 ? 0 : 100.0 * missed / due;
  }

  /** Drops what is known about {@code peer}, e.g. after it left. */
  void forget(NodeId peer) {
    peers.remove(peer);
  }

  private int slot(long round) {
    return (int) Math.floorMod(round, (long) window);
  }

  /** Which rounds one peer answered, by slot; a slot holds the round number last answered. */
  private static final class PeerRounds {
    final long[] answeredAtSlot;
    long firstRound;

    PeerRounds(int window, long firstRound) {
      this.answeredAtSlot = new long[window];
      this.firstRound = firstRound;
    }
  }
}
