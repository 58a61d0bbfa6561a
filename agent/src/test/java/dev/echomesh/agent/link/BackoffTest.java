package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  private static final Backoff LAN = Backoff.of(Duration.ofMillis(250), Duration.ofSeconds(30));

  @ParameterizedTest(name = "attempt {0}, random {1} -> {2} ms")
  @CsvSource({
      // attempt, random, delay ms: 250 ms doubling, ±20%, never above 30 s
      "0, 0.5, 250",
      "0, 0.0, 200",
      "0, 0.99999999, 299",
      "1, 0.5, 500",
      "2, 0.5, 1000",
      "3, 0.0, 1600",
      "6, 0.5, 16000",
      "7, 0.5, 30000",
      "7, 0.0, 24000",
      "7, 0.99999999, 30000",
      "40, 0.5, 30000",
      "2147483647, 0.5, 30000",
      "-3, 0.5, 250"})
  void delay_table(int attempt, double random, long expectedMillis) {
    assertEquals(expectedMillis, LAN.delay(attempt, random).toMillis());
  }

  @Test
  void delay_withoutJitter_isExact() {
    Backoff exact = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 3.0, 0.0);
    assertEquals(Duration.ofSeconds(1), exact.delay(0, 0.9));
    assertEquals(Duration.ofSeconds(3), exact.delay(1, 0.1));
    assertEquals(Duration.ofSeconds(9), exact.delay(2, 0.5));
    assertEquals(Duration.ofSeconds(10), exact.delay(3, 0.5));
  }

  @ParameterizedTest
  @CsvSource({"0, 1000, 2, 0.2", "1000, 500, 2, 0.2", "1000, 2000, 0.5, 0.2", "1000, 2000, 2, 1.0", "1000, 2000, 2, -0.1"})
  void constructor_outOfRange_throws(long initialMillis, long maxMillis, double multiplier, double jitter) {
    assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis), multiplier, jitter));
  }
}
