package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class PendingConnectionsTest {

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private final InetAddress one = address("198.18.0.1");
  private final InetAddress two = address("198.18.0.2");

  @Test
  void admit_pastThePerAddressBound_refusesThatAddressOnly() {
    PendingConnections pending = new PendingConnections(10, 2);
    assertNull(pending.admit(one));
    assertNull(pending.admit(one));
    assertEquals(Refusal.PENDING_LIMIT_PER_ADDRESS, pending.admit(one));
    assertNull(pending.admit(two));
    assertEquals(2, pending.from(one));
    assertEquals(3, pending.total());
  }

  @Test
  void admit_pastTheTotalBound_refusesEveryAddress() {
    PendingConnections pending = new PendingConnections(3, 2);
    assertNull(pending.admit(one));
    assertNull(pending.admit(one));
    assertNull(pending.admit(two));
    assertEquals(Refusal.PENDING_LIMIT, pending.admit(two));
    assertEquals(Refusal.PENDING_LIMIT, pending.admit(address("198.18.0.3")));
    assertEquals(3, pending.total());
  }

  @Test
  void release_givesTheSlotBack() {
    PendingConnections pending = new PendingConnections(1, 1);
    assertNull(pending.admit(one));
    assertEquals(Refusal.PENDING_LIMIT, pending.admit(two));
    pending.release(one);
    assertEquals(0, pending.total());
    assertEquals(0, pending.from(one));
    assertNull(pending.admit(two));
  }

  @Test
  void release_withoutAdmission_isABug() {
    PendingConnections pending = new PendingConnections(1, 1);
    assertThrows(IllegalStateException.class, () -> pending.release(one));
  }
}
