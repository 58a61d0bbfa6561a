package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerFormatTest {

  @ParameterizedTest(name = "{0} us -> {1}")
  @CsvSource({"0, 0.00ms", "420, 0.42ms", "3150, 3.15ms", "12345, 12.3ms", "120400, 120ms"})
  void rtt_millisWithSensibleDigits(long micros, String text) {
    assertEquals(text, PeerFormat.rtt(micros));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"0, 0%", "2.5, 2.5%", "100, 100%", "33.333, 33.3%"})
  void percent_wholeOrOneDecimal(double value, String text) {
    assertEquals(text, PeerFormat.percent(value));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2025-01-01T12:00:00Z, now",
    "2025-01-01T11:59:59.500Z, now",
    "2025-01-01T11:59:57Z, 3s ago",
    "2025-01-01T11:54:59.900Z, 5m ago",
    "2025-01-01T11:54:58Z, 5m 2s ago",
    "2025-01-01T09:53:00Z, 2h 7m ago",
    "1970-01-01T00:00:00Z, never",
  })
  void age_relativeToNow(String then, String text) {
    assertEquals(text, PeerFormat.age(Instant.parse(then), CliRun.NOW));
  }
}
