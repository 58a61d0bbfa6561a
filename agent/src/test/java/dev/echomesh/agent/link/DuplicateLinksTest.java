package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.echomesh.agent.identity.NodeId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DuplicateLinksTest {

  private static final NodeId LOW = FrameConverterTest.node(1);
  private static final NodeId HIGH = FrameConverterTest.node(2);

  @ParameterizedTest(name = "self low={0}, existing dialed by us={1}, new dialed by us={2} -> new wins: {3}")
  @CsvSource({
      // Crossed dials: the link dialed by the lower node ID stays.
      "true, true, false, false",
      "true, false, true, true",
      "false, true, false, true",
      "false, false, true, false",
      // Same direction: the newer one replaces the older.
      "true, true, true, true",
      "true, false, false, true",
      "false, true, true, true",
      "false, false, false, true"})
  void newLinkWins_table(boolean selfIsLow, boolean existingDialedByUs, boolean newDialedByUs, boolean expected) {
    NodeId self = selfIsLow ? LOW : HIGH;
    NodeId peer = selfIsLow ? HIGH : LOW;
    assertEquals(expected, DuplicateLinks.newLinkWins(self, peer, existingDialedByUs, newDialedByUs));
  }

  @ParameterizedTest(name = "first dialed by low={0}")
  @CsvSource({"true", "false"})
  void newLinkWins_bothSidesKeepTheSameLink(boolean firstDialedByLow) {
    // The same two links, as each side sees them: "dialed by us" is mirrored.
    boolean lowKeepsNew = DuplicateLinks.newLinkWins(LOW, HIGH, firstDialedByLow, !firstDialedByLow);
    boolean highKeepsNew = DuplicateLinks.newLinkWins(HIGH, LOW, !firstDialedByLow, firstDialedByLow);
    assertEquals(lowKeepsNew, highKeepsNew);
    assertNotEquals(firstDialedByLow, lowKeepsNew);
  }
}
