package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.identity.NodeId;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LossTrackerTest {

  private static final long MS = 1_000_000L;
  private static final long INTERVAL = 200 * MS;
  private static final long TIMEOUT = 500 * MS;
  private static final NodeId PEER = nodeId(1);

  /**
   * Rounds 1..{@code rounds} sent every 200 ms from t=0 to a peer known before round 1; the peer
   * answers the rounds in {@code answered} after 1 ms; loss asked at {@code askAtMillis}.
   */
  static Stream<Arguments> tables() {
    return Stream.of(
        Arguments.of(
            "all answered", 10, 10, Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), 3_000, 0.0),
        Arguments.of("none answered", 10, 10, Set.of(), 3_000, 100.0),
        Arguments.of("every other", 10, 10, Set.of(2L, 4L, 6L, 8L, 10L), 3_000, 50.0),
        // at 1,000 ms rounds 1..3 (sent 0..400 ms) are due, 4..5 may still be answered
        Arguments.of("pending rounds not counted", 10, 5, Set.of(1L), 1_000, 200.0 / 3),
        Arguments.of("no round due yet", 10, 1, Set.of(), 100, 0.0),
        // window 4: only rounds 7..10 count
        Arguments.of("only the window counts", 4, 10, Set.of(7L, 8L, 9L, 10L), 3_000, 0.0),
        Arguments.of(
            "old answers leave the window", 4, 10, Set.of(1L, 2L, 3L, 4L, 5L, 6L), 3_000, 100.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void lossPercent_table(
      String name, int window, int rounds, Set<Long> answered, long askAtMillis, double expected) {
    LossTracker loss = new LossTracker(window, TIMEOUT);
    loss.heard(PEER);
    for (long round = 1; round <= rounds; round++) {
      long sent = (round - 1) * INTERVAL;
      loss.roundSent(round, sent);
      if (answered.contains(round)) {
        loss.answered(PEER, round, MS);
      }
    }

    assertEquals(expected, loss.lossPercent(PEER, askAtMillis * MS), 1e-9);
  }

  @Test
  void lossPercent_newcomer_countsOnlyRoundsAfterFirstHeard() {
    LossTracker loss = new LossTracker(100, TIMEOUT);
    for (long round = 1; round <= 5; round++) {
      loss.roundSent(round, (round - 1) * INTERVAL);
    }
    loss.heard(PEER);
    loss.roundSent(6, 5 * INTERVAL);
    loss.answered(PEER, 6, MS);
    loss.roundSent(7, 6 * INTERVAL);

    // rounds 1..5 went out before the peer was known; 6 answered, 7 missed
    assertEquals(50.0, loss.lossPercent(PEER, 10_000 * MS), 1e-9);
  }

  @Test
  void lossPercent_pongSlowerThanTimeout_countsAsLost() {
    LossTracker loss = new LossTracker(100, TIMEOUT);
    loss.heard(PEER);
    loss.roundSent(1, 0);
    loss.answered(PEER, 1, TIMEOUT + 1);
    loss.roundSent(2, INTERVAL);
    loss.answered(PEER, 2, TIMEOUT);

    assertEquals(50.0, loss.lossPercent(PEER, 10_000 * MS), 1e-9);
  }

  @Test
  void lossPercent_firstHeardThroughPong_countsFromThatRound() {
    LossTracker loss = new LossTracker(100, TIMEOUT);
    loss.roundSent(1, 0);
    loss.roundSent(2, INTERVAL);
    loss.answered(PEER, 2, MS);
    loss.roundSent(3, 2 * INTERVAL);

    assertEquals(50.0, loss.lossPercent(PEER, 10_000 * MS), 1e-9);
  }

  @Test
  void answered_roundOutsideWindow_ignored() {
    LossTracker loss = new LossTracker(4, TIMEOUT);
    loss.heard(PEER);
    for (long round = 1; round <= 8; round++) {
      loss.roundSent(round, (round - 1) * INTERVAL);
      if (round >= 5) {
        loss.answered(PEER, round, MS);
      }
    }
    // A late pong to round 4 shares round 8's slot: it must not erase round 8's answer.
    loss.answered(PEER, 4, MS);

    assertEquals(0.0, loss.lossPercent(PEER, 10_000 * MS), 1e-9);
  }

  @Test
  void answered_roundZeroOfAProbe_neitherAnswersNorBackdatesThePeer() {
    LossTracker loss = new LossTracker(100, TIMEOUT);
    for (long round = 1; round <= 3; round++) {
      loss.roundSent(round, (round - 1) * INTERVAL);
    }

    loss.answered(PEER, 0, MS);

    assertEquals(0.0, loss.lossPercent(PEER, 10_000 * MS), 1e-9);
    loss.heard(PEER);
    loss.roundSent(4, 3 * INTERVAL);
    assertEquals(100.0, loss.lossPercent(PEER, 10_000 * MS), 1e-9);
  }

  @Test
  void lossPercent_unknownOrForgottenPeer_zero() {
    LossTracker loss = new LossTracker(4, TIMEOUT);
    loss.heard(PEER);
    loss.roundSent(1, 0);
    assertEquals(100.0, loss.lossPercent(PEER, 10_000 * MS), 1e-9);

    loss.forget(PEER);

    assertEquals(0.0, loss.lossPercent(PEER, 10_000 * MS), 1e-9);
    assertEquals(0.0, loss.lossPercent(nodeId(2), 10_000 * MS), 1e-9);
  }

  @Test
  void constructor_badSettings_throw() {
    assertThrows(IllegalArgumentException.class, () -> new LossTracker(0, TIMEOUT));
    assertThrows(IllegalArgumentException.class, () -> new LossTracker(1, 0));
  }
}
