package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.peers.PeerState.ALIVE;
import static dev.echomesh.agent.peers.PeerState.DEAD;
import static dev.echomesh.agent.peers.PeerState.LEFT;
import static dev.echomesh.agent.peers.PeerState.SUSPECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.PeerState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureDetectorTest {

  private static final long MS = 1_000_000L;

  /** An arbitrary start on the nanoTime scale, far from 0 so no test relies on it. */
  private static final long T0 = 5_000_000_000_000L;

  private final FailureDetector detector =
      new FailureDetector(Duration.ofMillis(600), Duration.ofMillis(1200));

  @ParameterizedTest(name = "{0} silent {1} ms -> {2}")
  @CsvSource({
    "ALIVE, 0, ALIVE",
    "ALIVE, 599, ALIVE",
    "ALIVE, 600, SUSPECT",
    "ALIVE, 1199, SUSPECT",
    "ALIVE, 1200, DEAD",
    "ALIVE, 60000, DEAD",
    "SUSPECT, 100, ALIVE",
    "SUSPECT, 700, SUSPECT",
    "SUSPECT, 1200, DEAD",
    "DEAD, 0, DEAD",
    "LEFT, 0, LEFT",
    "LEFT, 60000, LEFT",
  })
  void onSilence_table(PeerState current, long silentMillis, PeerState expected) {
    assertEquals(expected, detector.onSilence(current, T0, T0 + silentMillis * MS));
  }

  @ParameterizedTest(name = "{0} inc {1}, heard inc {2} -> {3}")
  @CsvSource({
    "ALIVE, 5, 5, ALIVE",
    "SUSPECT, 5, 5, ALIVE",
    "DEAD, 5, 5, ALIVE",
    "DEAD, 5, 6, ALIVE",
    "LEFT, 5, 5, LEFT",
    "LEFT, 5, 6, ALIVE",
    "ALIVE, 5, 4, ALIVE",
    "DEAD, 5, 4, DEAD",
    "LEFT, 5, 4, LEFT",
  })
  void onHeard_table(PeerState current, long known, long heard, PeerState expected) {
    assertEquals(expected, detector.onHeard(current, known, heard));
  }

  @Test
  void onHeard_unknownPeer_alive() {
    assertEquals(ALIVE, detector.onHeard(null, 0, 7));
  }

  @ParameterizedTest(name = "{0} inc {1}, leave of inc {2} -> {3}")
  @CsvSource({
    "ALIVE, 5, 5, LEFT",
    "SUSPECT, 5, 5, LEFT",
    "DEAD, 5, 5, LEFT",
    "LEFT, 5, 5, LEFT",
    "ALIVE, 5, 6, LEFT",
    "ALIVE, 6, 5, ALIVE",
    "DEAD, 6, 5, DEAD",
  })
  void onLeft_table(PeerState current, long known, long left, PeerState expected) {
    assertEquals(expected, detector.onLeft(current, known, left));
  }

  @Test
  void onLeft_unknownPeer_left() {
    assertEquals(LEFT, detector.onLeft(null, 0, 3));
  }

  @ParameterizedTest(name = "{0} -> next change after {1} ms")
  @CsvSource({"ALIVE, 600", "SUSPECT, 1200"})
  void nextChangeNanos_liveStates_whenSilenceCrossesTimeout(PeerState state, long afterMillis) {
    long next = detector.nextChangeNanos(state, T0);

    assertEquals(T0 + afterMillis * MS, next);
    assertNotEquals(state, detector.onSilence(state, T0, next));
    assertEquals(state == SUSPECT ? SUSPECT : ALIVE, detector.onSilence(state, T0, next - 1));
  }

  @Test
  void nextChangeNanos_deadOrLeft_never() {
    assertEquals(Long.MAX_VALUE, detector.nextChangeNanos(DEAD, T0));
    assertEquals(Long.MAX_VALUE, detector.nextChangeNanos(LEFT, T0));
  }

  @Test
  void constructor_deadNotAfterSuspect_throwsNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FailureDetector(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertTrue(
        e.getMessage().contains("deadAfter") && e.getMessage().contains("suspectAfter"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new FailureDetector(Duration.ZERO, Duration.ofSeconds(1)));
  }

  @Test
  void of_config_usesItsTimeouts() {
    LivenessConfig config =
        LivenessConfig.builder()
            .suspectAfter(Duration.ofSeconds(2))
            .deadAfter(Duration.ofSeconds(5))
            .build();
    FailureDetector fromConfig = FailureDetector.of(config);

    assertEquals(ALIVE, fromConfig.onSilence(ALIVE, T0, T0 + 1_999 * MS));
    assertEquals(SUSPECT, fromConfig.onSilence(ALIVE, T0, T0 + 2_000 * MS));
    assertEquals(DEAD, fromConfig.onSilence(ALIVE, T0, T0 + 5_000 * MS));
  }

  /**
   * The defaults' promise, simulated on a fake clock: a peer heard every ping interval, with {@code
   * lost} heartbeats in a row missing, watched by a detector ticking every 100 ms. Returns the
   * worst state seen.
   */
  private static PeerState worstStateWithLosses(int lost) {
    LivenessConfig config = LivenessConfig.defaults();
    FailureDetector defaults = FailureDetector.of(config);
    long interval = config.pingInterval().toNanos();
    long tick = 100 * MS;
    long lastHeard = T0;
    PeerState state = ALIVE;
    PeerState worst = ALIVE;
    long nextBeat = T0 + interval;
    int beat = 0;
    for (long now = T0; now < T0 + 10_000 * MS; now += tick) {
      while (nextBeat <= now) {
        beat++;
        boolean lostBeat = beat >= 10 && beat < 10 + lost;
        if (!lostBeat) {
          lastHeard = nextBeat;
          state = defaults.onHeard(state, 1, 1);
        }
        nextBeat += interval;
      }
      state = defaults.onSilence(state, lastHeard, now);
      if (state.compareTo(worst) > 0) {
        worst = state;
      }
    }
    return worst;
  }

  @ParameterizedTest(name = "{0} heartbeats lost in a row -> worst {1}")
  @CsvSource({"0, ALIVE", "1, ALIVE", "3, SUSPECT", "4, SUSPECT", "6, DEAD"})
  void defaults_heartbeatsLostInARow_deadOnlyAfterSix(int lost, PeerState worst) {
    assertEquals(worst, worstStateWithLosses(lost));
  }

  @Test
  void defaults_killedPeer_deadWellUnderTwoSeconds() {
    LivenessConfig config = LivenessConfig.defaults();
    FailureDetector defaults = FailureDetector.of(config);
    long tick = 100 * MS;
    for (long killOffset = 0; killOffset < config.pingInterval().toNanos(); killOffset += 10 * MS) {
      long lastHeard = T0;
      long killedAt = T0 + killOffset;
      long now = killedAt;
      while (defaults.onSilence(ALIVE, lastHeard, now) != DEAD) {
        now += tick;
      }
      long detection = now - killedAt;
      assertTrue(
          detection <= config.deadAfter().toNanos() + tick,
          "killed "
              + killOffset / MS
              + " ms after last heard: DEAD after "
              + detection / MS
              + " ms");
      assertTrue(detection < 2_000 * MS);
    }
  }
}
