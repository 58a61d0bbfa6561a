package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.liveness.FailureDetector;
import dev.echomesh.agent.peers.PeerState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetectorAssessorTest {

  private final DetectorAssessor assessor =
      new DetectorAssessor(new FailureDetector(Duration.ofMillis(600), Duration.ofMillis(1200)));
  private final Instant lastSeen = Instant.parse("2025-06-01T12:00:00.900Z");

  @ParameterizedTest
  @CsvSource({
    "ALIVE, 0, ALIVE",
    "ALIVE, 599, ALIVE",
    "ALIVE, 600, SUSPECT",
    "SUSPECT, 1199, SUSPECT",
    "ALIVE, 1200, DEAD",
    "SUSPECT, 5000, DEAD",
    "DEAD, 0, DEAD",
  })
  void assess_silenceAcrossSecondBoundaries_detectorStates(PeerState current, long silentMillis, PeerState expected) {
    assertEquals(expected, assessor.assess(current, lastSeen, lastSeen.plusMillis(silentMillis)));
  }

  @ParameterizedTest
  @CsvSource({"1970-01-01T00:00:00Z, 0", "1970-01-01T00:00:01.000000002Z, 1000000002"})
  void nanos_instant_nanosecondsSinceEpoch(String instant, long nanos) {
    assertEquals(nanos, DetectorAssessor.nanos(Instant.parse(instant)));
  }
}
