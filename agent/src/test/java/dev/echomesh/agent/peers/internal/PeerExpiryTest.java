package dev.echomesh.agent.peers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.PeerState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PeerExpiryTest {

  private static final long MS = 1_000_000L;
  /** An arbitrary start on the nanoTime scale, far from 0 so no test relies on it. */
  private static final long T0 = 5_000_000_000_000L;

  private final PeerExpiry oneMinute = PeerExpiry.after(Duration.ofMinutes(1));

  @ParameterizedTest(name = "{0} silent {1} ms -> expired {2}")
  @CsvSource({
    "LEFT, 0, false",
    "LEFT, 59999, false",
    "LEFT, 60000, true",
    "LEFT, 3600000, true",
    "DEAD, 59999, false",
    "DEAD, 60000, true",
    "ALIVE, 60000, false",
    "ALIVE, 3600000, false",
    "SUSPECT, 3600000, false",
  })
  void expired_bySilenceAndState(PeerState state, long silentMillis, boolean expected) {
    assertEquals(expected, oneMinute.expired(state, T0, T0 + silentMillis * MS));
  }

  @Test
  void expired_tickerReadingsWrapAroundLongMax_measuredBySubtraction() {
    long lastHeard = Long.MAX_VALUE - 30_000 * MS;
    // lastHeard + 1 min overflows: "now >= lastHeard + forgetAfter" would say expired at once.
    assertFalse(oneMinute.expired(PeerState.DEAD, lastHeard, lastHeard + 20_000 * MS));
    assertFalse(oneMinute.expired(PeerState.DEAD, lastHeard, lastHeard + 59_999 * MS));
    assertTrue(oneMinute.expired(PeerState.DEAD, lastHeard, lastHeard + 60_000 * MS));
  }

  @ParameterizedTest
  @EnumSource(PeerState.class)
  void expired_never_noStateExpires(PeerState state) {
    assertFalse(PeerExpiry.never().expired(state, T0, T0 + Duration.ofDays(3650).toNanos()));
  }

  @Test
  void after_zero_isNever() {
    assertSame(PeerExpiry.never(), PeerExpiry.after(Duration.ZERO));
  }

  @Test
  void after_negative_throwsNamingTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PeerExpiry.after(Duration.ofSeconds(-1)));
    assertEquals("forgetAfter must not be negative, got PT-1S", e.getMessage());
  }
}
