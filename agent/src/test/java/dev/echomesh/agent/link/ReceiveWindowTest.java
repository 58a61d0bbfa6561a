package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiveWindowTest {

  @Test
  void accept_piecesInOrderWithinCredit_areTaken() {
    ReceiveWindow window = new ReceiveWindow(100);
    assertNull(window.accept(0, 60, false));
    assertNull(window.accept(60, 40, true));
    assertTrue(window.ended());
    assertEquals(100, window.received());
  }

  @ParameterizedTest(name = "offset {0}, size {1}: {2}")
  @CsvSource({
      "10, 5, out of order",
      "0, 101, over the window",
  })
  void accept_badPiece_isRefusedWithTheReason(long offset, int size, String reason) {
    String error = new ReceiveWindow(100).accept(offset, size, false);
    assertTrue(error != null && error.contains(reason), error);
  }

  @Test
  void accept_afterTheLastPiece_isRefused() {
    ReceiveWindow window = new ReceiveWindow(100);
    window.accept(0, 10, true);
    assertTrue(window.accept(10, 0, false).contains("after the last"));
  }

  @Test
  void accept_moreThanTheWindowBeforeConsuming_isRefused() {
    ReceiveWindow window = new ReceiveWindow(100);
    assertNull(window.accept(0, 100, false));
    assertTrue(window.accept(100, 1, false).contains("over the window"));
  }

  @ParameterizedTest(name = "window {0}, consumed {1} then {2}: grants {3} then {4}")
  @CsvSource({
      "100, 10, 10, 0, 0",
      "100, 49, 1, 0, 50",
      "100, 50, 10, 50, 0",
      "100, 100, 100, 100, 100",
      "1, 1, 1, 1, 1",
      "3, 1, 1, 0, 2",
  })
  void consumed_grantsInBatchesOfHalfAWindow(int windowBytes, int first, int second, int grantFirst, int grantSecond) {
    ReceiveWindow window = new ReceiveWindow(windowBytes);
    assertEquals(grantFirst, window.consumed(first));
    assertEquals(grantSecond, window.consumed(second));
  }

  @Test
  void consumed_givesCreditBack_soTheSenderMaySendMore() {
    ReceiveWindow window = new ReceiveWindow(100);
    assertNull(window.accept(0, 100, false));
    assertEquals(100, window.consumed(100));
    assertNull(window.accept(100, 100, false));
    assertFalse(window.accept(200, 1, false) == null);
  }

  @Test
  void consumed_afterTheEnd_grantsNothing() {
    ReceiveWindow window = new ReceiveWindow(100);
    window.accept(0, 100, true);
    assertEquals(0, window.consumed(100));
  }

  @Test
  void constructor_windowNotPositive_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ReceiveWindow(0));
  }
}
