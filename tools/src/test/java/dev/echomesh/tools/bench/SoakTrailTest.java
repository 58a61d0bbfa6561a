package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakTrailTest {

  private static final SoakTrail TWO = new SoakTrail(List.of(
      new SoakTrail.Step("K", "UNAVAILABLE", "REFUSED", "SILENT", 0, 12),
      new SoakTrail.Step("B", "OK", "SENT", "ALIVE", 12, 230)));

  @Test
  void parse_word_givesTheSameTrail() {
    assertEquals(TWO, SoakTrail.parse(TWO.word()));
  }

  @Test
  void word_empty_isADash() {
    assertEquals("-", SoakTrail.empty().word());
    assertEquals(SoakTrail.empty(), SoakTrail.parse("-"));
    assertEquals(SoakTrail.empty(), SoakTrail.parse(""));
  }

  @Test
  void parse_entryCutShort_isLeftOut() {
    assertEquals(List.of(TWO.steps().get(0)), SoakTrail.parse("K/UNAVAILABLE/REFUSED/SILENT/0-12,B/OK/SE").steps());
    assertEquals(List.of(), SoakTrail.parse("K/UNAVAILABLE/REFUSED/SILENT/0-x").steps());
  }

  @Test
  void failedOn_nodeWithANonOkAttempt_trueOtherwiseFalse() {
    assertTrue(TWO.failedOn("K"));
    assertFalse(TWO.failedOn("B"));
    assertFalse(TWO.failedOn("C"));
  }
}
