package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.Freshness.NEW;
import static dev.echomesh.agent.liveness.Freshness.REORDERED;
import static dev.echomesh.agent.liveness.Freshness.REPLAYED;
import static dev.echomesh.agent.liveness.Freshness.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SequenceWindowTest {

  /** One offered datagram and the expected verdict. */
  record Step(long incarnation, long seq, Freshness expected) {}

  private static Step step(long incarnation, long seq, Freshness expected) {
    return new Step(incarnation, seq, expected);
  }

  /** Window of 4; every table starts from a first datagram (incarnation 10, seq 100). */
  static Stream<Arguments> tables() {
    return Stream.of(
        Arguments.of(
            "in order", List.of(step(10, 101, NEW), step(10, 102, NEW), step(10, 103, NEW))),
        Arguments.of("exact duplicate of the first", List.of(step(10, 100, REPLAYED))),
        Arguments.of("duplicate after newer", List.of(step(10, 101, NEW), step(10, 100, REPLAYED))),
        Arguments.of("gaps are fine", List.of(step(10, 150, NEW), step(10, 1_000_000, NEW))),
        Arguments.of(
            "reordered inside window, once",
            List.of(
                step(10, 103, NEW),
                step(10, 101, REORDERED),
                step(10, 102, REORDERED),
                step(10, 101, REPLAYED),
                step(10, 102, REPLAYED))),
        Arguments.of(
            "window edge: size-1 behind accepted, size behind refused",
            List.of(
                step(10, 104, NEW),
                step(10, 101, REORDERED),
                step(10, 105, NEW),
                step(10, 101, REPLAYED))),
        Arguments.of(
            "far behind after a jump", List.of(step(10, 200, NEW), step(10, 150, REPLAYED))),
        Arguments.of(
            "slots reused after sliding are clear",
            List.of(
                step(10, 101, NEW),
                step(10, 102, NEW),
                step(10, 103, NEW),
                step(10, 105, NEW),
                step(10, 104, REORDERED),
                step(10, 102, REPLAYED))),
        Arguments.of(
            "older incarnation is stale", List.of(step(9, 500, STALE), step(10, 101, NEW))),
        Arguments.of(
            "newer incarnation restarts the window",
            List.of(
                step(11, 1, NEW), step(11, 2, NEW), step(11, 1, REPLAYED), step(10, 101, STALE))),
        Arguments.of(
            "stale and replayed change nothing",
            List.of(step(9, 1_000, STALE), step(10, 100, REPLAYED), step(10, 101, NEW))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void offer_table_givesExpectedVerdicts(String name, List<Step> steps) {
    SequenceWindow window = new SequenceWindow(4, 10, 100);
    List<Freshness> actual = new ArrayList<>();
    List<Freshness> expected = new ArrayList<>();

    for (Step step : steps) {
      actual.add(window.offer(step.incarnation(), step.seq()));
      expected.add(step.expected());
    }

    assertEquals(expected, actual);
  }

  @Test
  void offer_windowLargerThan64_tracksEverySlot() {
    SequenceWindow window = new SequenceWindow(200, 1, 1);
    assertEquals(NEW, window.offer(1, 200));
    for (long seq = 2; seq < 200; seq++) {
      assertEquals(REORDERED, window.offer(1, seq), "seq " + seq);
    }
    for (long seq = 1; seq <= 200; seq++) {
      assertEquals(REPLAYED, window.offer(1, seq), "seq " + seq);
    }
  }

  @Test
  void offer_accepted_movesHighWaterMark() {
    SequenceWindow window = new SequenceWindow(4, 10, 100);

    window.offer(10, 120);
    window.offer(10, 118);

    assertEquals(10, window.incarnation());
    assertEquals(120, window.highestSeq());
  }

  @Test
  void constructor_sizeZero_throws() {
    assertThrows(IllegalArgumentException.class, () -> new SequenceWindow(0, 1, 1));
  }
}
