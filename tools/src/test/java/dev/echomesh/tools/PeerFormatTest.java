package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.testing.TestPeers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
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

  /** A peer just started: its first pongs were slow (cold code), the rest fast. */
  private static Peer warmingUp() {
    return TestPeers.peer("bob").address("198.18.0.3").state(PeerState.ALIVE)
        .rtt(new RttStats(500, 6_669, 480, 37_380, 12)).lastSeen(CliRun.NOW).build();
  }

  @Test
  void table_rttColumn_showsTheMedianNotTheMean() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PeerFormat.table(List.of(warmingUp()), CliRun.NOW, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String row = bytes.toString(StandardCharsets.UTF_8).lines().skip(1).findFirst().orElseThrow();
    assertTrue(row.contains(" 0.48ms "), row);
  }

  @Test
  void json_rttMicrosIsTheMedian_meanBesideIt() {
    var node = PeerFormat.json(warmingUp());
    assertEquals(480, node.get("rttMicros").asLong());
    assertEquals(6_669, node.get("rttMeanMicros").asLong());
  }
}
