package dev.echomesh.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogThrottleTest {

  private static final long MINUTE = 60_000_000_000L;

  @Test
  void note_firstAtOnceThenOncePerIntervalWithCountSinceLastReport() {
    LogThrottle throttle = new LogThrottle(MINUTE);
    long t0 = 7_000_000_000_000L;

    assertEquals(1, throttle.note(t0));
    assertEquals(0, throttle.note(t0 + 1));
    assertEquals(0, throttle.note(t0 + MINUTE - 1));
    assertEquals(3, throttle.note(t0 + MINUTE));
    assertEquals(0, throttle.note(t0 + MINUTE + 5));
    assertEquals(2, throttle.note(t0 + 10 * MINUTE));
  }
}
