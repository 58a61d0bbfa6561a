package dev.echomesh.agent.link;

/**
 * The sending end of one chunked payload's flow control, as pure accounting: the credit the
 * receiver granted, and how many of the bytes sent it has not yet consumed. A sender starts with
 * no credit; the receiver's first grant is its window, and every later grant gives back bytes
 * it consumed, so {@link #unacknowledged} never exceeds the window. Not thread-safe.
 */
final class SendWindow {

  private long credit;
  private long sent;
  private long granted;
  private long firstGrant = -1;

  /**
   * The receiver granted {@code bytes} (positive) more.
   *
   * @return false when the grant would let the sender hold more than {@link Integer#MAX_VALUE}
   *     bytes of credit (a broken peer; the grant is ignored)
   */
  boolean grant(int bytes) {
    if (bytes <= 0 || credit + bytes > Integer.MAX_VALUE) {
      return false;
    }
    if (firstGrant < 0) {
      firstGrant = bytes;
    }
    credit += bytes;
    granted += bytes;
    return true;
  }

  /** Takes credit for up to {@code wanted} bytes; returns how many may be sent now (0 = wait). */
  int take(int wanted) {
    int n = (int) Math.min(wanted, credit);
    credit -= n;
    sent += n;
    return n;
  }

  long credit() {
    return credit;
  }

  /** Bytes sent that the receiver has not yet consumed (as far as its grants tell). */
  long unacknowledged() {
    return firstGrant < 0 ? sent : sent - (granted - firstGrant);
  }
}
