package dev.echomesh.agent.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "0, 0",
    "50us, 50000",
    "250ms, 250000000",
    "1.5s, 1500000000",
    "1m30s, 90000000000",
    "7d, 604800000000000",
    "PT5S, 5000000000",
  })
  void parse_textPeopleWrite_theDuration(String text, long nanos) {
    assertEquals(Duration.ofNanos(nanos), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 s", "-5s", "5x", "1e3s"})
  void parse_notADuration_oneLineNamingTheText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("'" + text + "' is not a duration: use " + Durations.FORMAT, e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0, 0", "50000, 50us", "1200000000, 1200ms", "3000000000, 3s", "300000000000, 5m",
      "86400000000000, 1d", "-1000000, -1ms"})
  void format_shortestExactForm_readsBack(long nanos, String text) {
    assertEquals(text, Durations.format(Duration.ofNanos(nanos)));
    if (nanos >= 0) {
      assertEquals(Duration.ofNanos(nanos), Durations.parse(text));
    }
  }
}
