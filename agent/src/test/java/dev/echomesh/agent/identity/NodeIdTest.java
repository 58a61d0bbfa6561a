package dev.echomesh.agent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {

  private static NodeId sample(int fill) {
    byte[] bytes = new byte[NodeId.LENGTH_BYTES];
    Arrays.fill(bytes, (byte) fill);
    return NodeId.fromBytes(bytes);
  }

  @Test
  void toString_groupsOfFourBase32_parsesBack() {
    NodeId id = sample(0xA5);
    String text = id.toString();
    assertEquals(52 + 12, text.length());
    assertTrue(text.matches("([A-Z2-7]{4}-){12}[A-Z2-7]{4}"), text);
    assertEquals(id, NodeId.parse(text));
    assertEquals(id, NodeId.parse(text.toLowerCase().replace("-", "")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ABCD", "ABCD-EFGH-1111", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAA!"})
  void parse_notANodeId_throwsWithReason(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeId.parse(text));
    assertTrue(e.getMessage().startsWith("a node ID"), e.getMessage());
  }

  @Test
  void fromBytes_wrongLength_throws() {
    assertThrows(IllegalArgumentException.class, () -> NodeId.fromBytes(new byte[31]));
  }

  @Test
  void matchesPrefix_ignoresCaseAndDashes() {
    NodeId id = sample(0x11);
    String text = id.toString();
    assertTrue(id.matchesPrefix(text.substring(0, 6).toLowerCase()));
    assertFalse(id.matchesPrefix(""));
    assertFalse(sample(0x22).matchesPrefix(text.substring(0, 9)));
  }

  @Test
  void compareTo_unsignedByteOrder() {
    assertTrue(sample(0x01).compareTo(sample(0xFF)) < 0);
    assertEquals(0, sample(7).compareTo(sample(7)));
  }

  @Test
  void bytes_areDefensivelyCopied() {
    NodeId id = sample(3);
    byte[] copy = id.toBytes();
    copy[0] = 9;
    assertEquals(3, id.toBytes()[0]);
  }
}
