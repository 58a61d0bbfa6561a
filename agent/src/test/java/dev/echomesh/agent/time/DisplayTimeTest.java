package dev.echomesh.agent.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.testing.FakeClock;
import dev.echomesh.agent.testing.FakeTicker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DisplayTimeTest {

  private static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

  private final FakeTicker ticker = new FakeTicker();
  private final FakeClock clock = FakeClock.following(ticker, NOON);
  private final DisplayTime display = new DisplayTime(clock, ticker);

  @Test
  void instantOf_earlierReading_theWallClockThen() {
    long reading = ticker.read();
    ticker.advance(Duration.ofMillis(2500));
    assertEquals(NOON, display.instantOf(reading));
    assertEquals(NOON.plusMillis(2500), display.instantOf(ticker.read()));
  }

  @Test
  void instantOf_afterWallClockStep_followsTheClock() {
    long reading = ticker.read();
    clock.step(Duration.ofSeconds(-30));
    assertEquals(NOON.minusSeconds(30), display.instantOf(reading));
  }

  @Test
  void instantOf_readingsAcrossOverflow_stillOneSecondApart() {
    FakeTicker nearOverflow = new FakeTicker(Long.MAX_VALUE - 400_000_000L);
    DisplayTime atOverflow = new DisplayTime(FakeClock.fixedAt(NOON), nearOverflow);
    long before = nearOverflow.read();
    nearOverflow.advance(Duration.ofSeconds(1));
    assertTrue(nearOverflow.read() < 0, "the reading wrapped");
    assertEquals(NOON.minusSeconds(1), atOverflow.instantOf(before));
  }

  @Test
  void system_readsSystemNanoTimeScale() {
    long before = System.nanoTime();
    long reading = Ticker.system().read();
    assertTrue(reading - before >= 0);
    assertTrue(System.nanoTime() - reading >= 0);
  }
}
