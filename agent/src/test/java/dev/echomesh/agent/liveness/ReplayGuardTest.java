package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.NOW_MILLIS;
import static dev.echomesh.agent.liveness.TestNodes.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayGuardTest {

  private static final long SKEW = Duration.ofMinutes(10).toMillis();

  private static Envelope ping(NodeId sender, long incarnation, long seq, long sentMillis) {
    return new Envelope(sender, incarnation, seq, sentMillis, new PingMessage(0, 0, "", ""));
  }

  @ParameterizedTest(name = "sent {0} ms from now -> {1}")
  @CsvSource({
    "0, NEW",
    "-600000, NEW",
    "600000, NEW",
    "-600001, STALE",
    "600001, STALE",
    "-86400000, STALE",
  })
  void check_sendTimeAgainstOurClock_staleOutsideSkew(long offsetMillis, Freshness expected) {
    ReplayGuard guard = new ReplayGuard(64, SKEW, 16);

    assertEquals(
        expected, guard.check(ping(nodeId(1), 1, 1, NOW_MILLIS + offsetMillis), NOW_MILLIS));
  }

  @Test
  void check_skewZero_acceptsAnyClock() {
    ReplayGuard guard = new ReplayGuard(64, 0, 16);

    assertEquals(Freshness.NEW, guard.check(ping(nodeId(1), 1, 1, 0), NOW_MILLIS));
    assertEquals(Freshness.NEW, guard.check(ping(nodeId(1), 1, 2, Long.MAX_VALUE), NOW_MILLIS));
  }

  @Test
  void check_staleByClock_doesNotAdvanceWindow() {
    ReplayGuard guard = new ReplayGuard(64, SKEW, 16);
    guard.check(ping(nodeId(1), 5, 10, NOW_MILLIS), NOW_MILLIS);

    assertEquals(
        Freshness.STALE, guard.check(ping(nodeId(1), 6, 1, NOW_MILLIS - SKEW - 1), NOW_MILLIS));

    assertEquals(Freshness.NEW, guard.check(ping(nodeId(1), 5, 11, NOW_MILLIS), NOW_MILLIS));
  }

  @Test
  void check_sameDatagramTwice_replayed() {
    ReplayGuard guard = new ReplayGuard(64, SKEW, 16);
    Envelope envelope = ping(nodeId(1), 5, 10, NOW_MILLIS);

    assertEquals(Freshness.NEW, guard.check(envelope, NOW_MILLIS));
    assertEquals(Freshness.REPLAYED, guard.check(envelope, NOW_MILLIS + 1_000));
  }

  @Test
  void check_olderIncarnationAfterNewer_stale() {
    ReplayGuard guard = new ReplayGuard(64, SKEW, 16);
    guard.check(ping(nodeId(1), 6, 1, NOW_MILLIS), NOW_MILLIS);

    assertEquals(Freshness.STALE, guard.check(ping(nodeId(1), 5, 99, NOW_MILLIS), NOW_MILLIS));
  }

  @Test
  void check_sendersAreIndependent() {
    ReplayGuard guard = new ReplayGuard(64, SKEW, 16);
    guard.check(ping(nodeId(1), 5, 10, NOW_MILLIS), NOW_MILLIS);

    assertEquals(Freshness.NEW, guard.check(ping(nodeId(2), 5, 10, NOW_MILLIS), NOW_MILLIS));
  }

  @Test
  void check_moreSendersThanCapacity_forgetsLeastRecentlyHeard() {
    ReplayGuard guard = new ReplayGuard(64, SKEW, 2);
    Envelope first = ping(nodeId(1), 1, 1, NOW_MILLIS);
    guard.check(first, NOW_MILLIS);
    guard.check(ping(nodeId(2), 1, 1, NOW_MILLIS), NOW_MILLIS);
    guard.check(ping(nodeId(2), 1, 2, NOW_MILLIS), NOW_MILLIS);
    Envelope third = ping(nodeId(3), 1, 1, NOW_MILLIS);
    guard.check(third, NOW_MILLIS);

    assertEquals(2, guard.trackedSenders());
    // Node 1 was forgotten (its old datagram is new again, within the clock bound); node 3 was not.
    assertEquals(Freshness.NEW, guard.check(first, NOW_MILLIS));
    assertEquals(Freshness.REPLAYED, guard.check(third, NOW_MILLIS));
  }

  @Test
  void constructor_badSettings_throw() {
    assertThrows(IllegalArgumentException.class, () -> new ReplayGuard(0, SKEW, 1));
    assertThrows(IllegalArgumentException.class, () -> new ReplayGuard(1, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ReplayGuard(1, SKEW, 0));
  }
}
