package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiveLimitsTest {

  @Test
  void defaults_areTheDocumentedValues() {
    ReceiveLimits limits = ReceiveLimits.defaults();
    assertEquals(1L << 40, limits.maxFileBytes());
    assertEquals(256L << 20, limits.reserveBytes());
    assertEquals(16L << 20, limits.spaceCheckIntervalBytes());
    assertEquals(8L << 20, limits.resumeWindowBytes());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "maxFileBytes, -1, 0, 1, 1",
      "reserveBytes, 0, -1, 1, 1",
      "spaceCheckIntervalBytes, 0, 0, 0, 1",
      "spaceCheckIntervalBytes, 0, 0, 1073741825, 1",
      "resumeWindowBytes, 0, 0, 1, 0"})
  void new_outOfRange_namesTheOption(String option, long max, long reserve, long interval, long window) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ReceiveLimits(max, reserve, interval, window));
    assertTrue(e.getMessage().startsWith(option + " must be in ["), e.getMessage());
  }

  @Test
  void fileOffer_badValues_areRefused() throws InvalidNameException {
    RelativeName name = RelativeName.parse("f");
    assertThrows(IllegalArgumentException.class, () -> new FileOffer(name, -1, 0644, "n", false));
    assertThrows(IllegalArgumentException.class, () -> new FileOffer(name, 1, 010000, "n", false));
    assertThrows(IllegalArgumentException.class, () -> new FileOffer(name, 1, -1, "n", false));
    assertThrows(IllegalArgumentException.class, () -> new FileOffer(name, 1, 0644, "", false));
  }
}
