package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.nodeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalNodeTest {

  @ParameterizedTest(name = "clock {0}, previous {1} -> {2}")
  @CsvSource({
    "1000, 0, 1000",
    "1000, 500, 1000",
    "1000, 999, 1000",
    "1000, 1000, 1001",
    "1000, 5000, 5001",
  })
  void nextIncarnation_alwaysAbovePreviousEvenIfClockWentBack(
      long clockMillis, long previous, long expected) {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(clockMillis), ZoneOffset.UTC);

    assertEquals(expected, LocalNode.nextIncarnation(clock, previous));
  }

  @ParameterizedTest
  @CsvSource({"-1, 1", "65536, 1", "7000, 0"})
  void constructor_outOfRange_throws(int linkPort, long incarnation) {
    assertThrows(
        IllegalArgumentException.class, () -> new LocalNode(nodeId(1), "n", linkPort, incarnation));
  }

  @ParameterizedTest
  @CsvSource({"255, false", "256, true", "128, false"})
  void constructor_nameLimitInUtf8Bytes(int bytes, boolean throwsExpected) {
    // Two-byte characters where the length is even, to count bytes, not characters.
    String name = bytes % 2 == 0 ? "é".repeat(bytes / 2) : "x".repeat(bytes);
    if (throwsExpected) {
      assertThrows(IllegalArgumentException.class, () -> new LocalNode(nodeId(1), name, 1, 1));
    } else {
      assertEquals(name, new LocalNode(nodeId(1), name, 1, 1).name());
    }
  }
}
