package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SendWindowTest {

  @Test
  void take_withoutCredit_givesNothing() {
    assertEquals(0, new SendWindow().take(100));
  }

  @Test
  void take_givesAtMostTheCredit() {
    SendWindow window = new SendWindow();
    window.grant(100);
    assertEquals(60, window.take(60));
    assertEquals(40, window.take(60));
    assertEquals(0, window.take(60));
  }

  @Test
  void unacknowledged_isSentMinusWhatLaterGrantsGaveBack_neverAboveTheFirstWindow() {
    SendWindow window = new SendWindow();
    window.grant(100);
    window.take(100);
    assertEquals(100, window.unacknowledged());
    window.grant(50); // the receiver consumed 50
    assertEquals(50, window.unacknowledged());
    window.take(50);
    assertEquals(100, window.unacknowledged());
  }

  @Test
  void grant_notPositiveOrOverflowing_isIgnored() {
    SendWindow window = new SendWindow();
    assertFalse(window.grant(0));
    assertFalse(window.grant(-5));
    assertTrue(window.grant(Integer.MAX_VALUE));
    assertFalse(window.grant(1));
    assertEquals(Integer.MAX_VALUE, window.credit());
  }
}
