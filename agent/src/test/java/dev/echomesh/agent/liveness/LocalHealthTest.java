package dev.echomesh.agent.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalHealthTest {

  private static final long MS = 1_000_000L;

  private final FakeTicker ticker = new FakeTicker();
  private final LocalHealth health = new LocalHealth(Duration.ofMillis(100), Duration.ofMillis(1200));

  private long tickAfter(long millis) {
    ticker.advanceNanos(millis * MS);
    return health.tick(ticker.read());
  }

  @Test
  void tick_onTimeOrJitterUnderOneInterval_noStall() {
    health.tick(ticker.read());
    assertEquals(0, tickAfter(100));
    assertEquals(0, tickAfter(150));
    assertEquals(0, tickAfter(200)); // due at +100, late by 100: not more than one interval
    assertEquals(0, health.excusedNanos(FakeTicker.START_NANOS, ticker.read()));
  }

  @Test
  void tick_firstTick_neverAStall() {
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(0, health.tick(ticker.read()));
  }

  @Test
  void tick_lateByMoreThanOneInterval_recordsTheStallFromWhenItWasDue() {
    health.tick(ticker.read());
    assertEquals(2900 * MS, tickAfter(3000));
    long start = FakeTicker.START_NANOS;
    assertEquals(2900 * MS, health.excusedNanos(start, ticker.read()));
  }

  /** A stall from +100 to +3000 ms; how much of [since, now] it excuses. */
  @ParameterizedTest(name = "silence from +{0} to +{1} ms: {2} ms excused")
  @CsvSource({
      "0, 3000, 2900",
      "0, 1000, 900",
      "2000, 3000, 1000",
      "500, 600, 100",
      "3000, 4000, 0",
      "0, 100, 0"})
  void excusedNanos_overlapOfTheSilenceWithTheStall(long sinceMillis, long nowMillis, long excusedMillis) {
    long start = ticker.read();
    health.tick(start);
    tickAfter(3000);
    assertEquals(excusedMillis * MS, health.excusedNanos(start + sinceMillis * MS, start + nowMillis * MS));
  }

  @Test
  void excusedNanos_twoStalls_addUp() {
    long start = ticker.read();
    health.tick(start);
    tickAfter(500); // stall +100..+500
    tickAfter(100);
    tickAfter(1000); // stall +700..+1600
    assertEquals((400 + 900) * MS, health.excusedNanos(start, ticker.read()));
  }

  @Test
  void tick_stallLongPast_isForgotten() {
    long start = ticker.read();
    health.tick(start);
    tickAfter(500); // stall of 400 ms, ended at +500
    for (int i = 0; i < 30; i++) {
      tickAfter(100); // 3 s on time: past remember (1.2 s) plus the stall
    }
    assertEquals(0, health.excusedNanos(start, ticker.read()));
  }

  @Test
  void tick_manyStalls_keepsAtMostTheBound() {
    LocalHealth longMemory = new LocalHealth(Duration.ofMillis(100), Duration.ofDays(1));
    long now = ticker.read();
    longMemory.tick(now);
    for (int i = 0; i < LocalHealth.MAX_STALLS + 10; i++) {
      now += 300 * MS; // each tick late by 200 ms
      longMemory.tick(now);
    }
    assertEquals(LocalHealth.MAX_STALLS * 200 * MS, longMemory.excusedNanos(FakeTicker.START_NANOS, now));
  }

  @Test
  void constructor_nonPositiveTick_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new LocalHealth(Duration.ZERO, Duration.ofSeconds(1)));
  }
}
