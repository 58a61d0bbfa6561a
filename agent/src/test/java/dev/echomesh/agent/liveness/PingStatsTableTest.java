package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import org.junit.jupiter.api.Test;

class PingStatsTableTest {

  private static final long MS = 1_000_000L;
  private static final long INTERVAL = 200 * MS;
  private static final long DEAD_AFTER = 1_200 * MS;
  private static final NodeId PEER = nodeId(1);

  private final PingStatsTable table = new PingStatsTable(100, 500 * MS, DEAD_AFTER);

  /** Rounds {@code from..to} every 200 ms; the peer hears and answers each when {@code up}. */
  private void rounds(long from, long to, boolean up) {
    for (long round = from; round <= to; round++) {
      long sent = round * INTERVAL;
      table.roundSent(round, sent);
      if (up) {
        table.heard(PEER, sent + MS);
        table.answered(PEER, round, 40 * MS, sent + MS);
      }
    }
  }

  @Test
  void heard_afterADownPeriod_lossAndRoundTripsStartOver() {
    rounds(1, 20, true);
    rounds(21, 60, false); // 8 s down: 40 rounds unanswered
    // at 12.2 s rounds 1..58 are due (59 and 60 may still be answered): 21..58 missed
    assertEquals(100.0 * 38 / 58, table.stats(PEER, 61 * INTERVAL).lossPercent(), 1e-9);

    long back = 61 * INTERVAL;
    table.roundSent(61, back);
    table.heard(PEER, back + MS);
    PingStats afterReturn = table.stats(PEER, back + MS);
    assertEquals(0.0, afterReturn.lossPercent(), 1e-9);
    assertFalse(afterReturn.rtt().measured());

    table.answered(PEER, 61, 2 * MS, back + 2 * MS);
    assertEquals(2_000, table.stats(PEER, back + 2 * MS).rtt().meanMicros());
  }

  @Test
  void heard_afterAShortGap_keepsCounting() {
    rounds(1, 20, true);
    rounds(21, 23, false); // 600 ms: under the DEAD threshold, a loss burst, not a down period
    rounds(24, 30, true);
    PingStats stats = table.stats(PEER, 40 * INTERVAL);
    assertEquals(100.0 * 3 / 30, stats.lossPercent(), 1e-9);
    assertTrue(stats.rtt().measured());
  }

  @Test
  void constructor_nonPositiveRestart_refused() {
    assertThrows(IllegalArgumentException.class, () -> new PingStatsTable(10, 500 * MS, 0));
  }
}
