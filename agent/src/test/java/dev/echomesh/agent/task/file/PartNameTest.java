package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartNameTest {

  @Test
  void of_sameSenderAndSize_isStableSoATransferCanResume() {
    assertEquals(PartName.of("f.txt", "node-a", 10), PartName.of("f.txt", "node-a", 10));
  }

  @Test
  void of_otherSenderOrSize_isAnotherFile() {
    String name = PartName.of("f.txt", "node-a", 10);
    assertNotEquals(name, PartName.of("f.txt", "node-b", 10));
    assertNotEquals(name, PartName.of("f.txt", "node-a", 11));
  }

  @Test
  void of_longestSegment_fitsLinuxNameMax() {
    String longest = "x".repeat(RelativeName.MAX_SEGMENT_BYTES);
    assertEquals(255, PartName.of(longest, "node-a", 1).getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void looksLikePart_recognisesItsOwnNames() {
    assertTrue(PartName.looksLikePart(PartName.of("f.txt", "node-a", 10)));
    assertTrue(PartName.looksLikePart(PartName.of(".hidden", "n", 0)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"f.part", ".f.part", ".f.0123456789abcde.part", ".f.0123456789ABCDEF.part",
      "..0123456789abcdef.part", ".f.0123456789abcdef.part.x", "f.0123456789abcdef.part"})
  void looksLikePart_otherNames_areNotParts(String name) {
    assertFalse(PartName.looksLikePart(name));
  }
}
