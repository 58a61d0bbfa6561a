package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
    "500ms, 500",
    "5s, 5000",
    "2m, 120000",
    "1h, 3600000",
    "1.5s, 1500",
    "1m30s, 90000",
    "0.25ms, 0",
    "2h15m, 8100000",
    "10S, 10000",
    "' 3s ', 3000",
    "PT5S, 5000",
    "pt1m, 60000",
    "0s, 0",
    "1d, 86400000",
  })
  void parse_valid_millis(String text, long millis) {
    assertEquals(millis, Durations.parse(text).toMillis());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "5",
        "s",
        "5x",
        "5 s",
        "-5s",
        "ms5",
        "5s5",
        "P",
        "1e3s",
        "99999999999999h"
      })
  void parse_invalid_oneLineReasonWithExamples(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @ParameterizedTest(name = "{0} ms -> {1}")
  @CsvSource({
    "0, 0ms",
    "850, 850ms",
    "1000, 1s",
    "59999, 59s",
    "60000, 1m",
    "303000, 5m 3s",
    "3600000, 1h",
    "7620000, 2h 7m",
    "86400000, 1d",
    "273600000, 3d 4h",
  })
  void format_shortHumanForm(long millis, String text) {
    assertEquals(text, Durations.format(Duration.ofMillis(millis)));
  }
}
