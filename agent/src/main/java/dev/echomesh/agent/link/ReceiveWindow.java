package dev.echomesh.agent.link;

/**
 * The receiving end of one chunked payload's flow control, as pure accounting: the credit the
 * sender holds, the order of the pieces, and when to grant more credit.
 *
 * <p>The receiver grants one window when it admits the payload. A piece must start where the
 * previous one ended, must not come after the last one, and must not exceed the credit; each
 * breaks the protocol (the link closes). As the reader consumes bytes they are granted again,
 * in batches of at least half a window, so a WindowUpdate goes out about twice per window
 * instead of once per piece. Not thread-safe: its owner serializes calls.
 */
final class ReceiveWindow {

  private final int windowBytes;
  private long credit;
  private long nextOffset;
  private boolean ended;
  private long consumedNotGranted;

  /** @param windowBytes the credit granted at admission, positive */
  ReceiveWindow(int windowBytes) {
    if (windowBytes <= 0) {
      throw new IllegalArgumentException("a window must be positive, got " + windowBytes);
    }
    this.windowBytes = windowBytes;
    this.credit = windowBytes;
  }

  int windowBytes() {
    return windowBytes;
  }

  /**
   * A piece arrived: checks it and takes its size from the credit.
   *
   * @return null when it is acceptable; else what is wrong with it (a protocol error)
   */
  String accept(long offset, int size, boolean last) {
    if (ended) {
      return "a chunk at offset " + offset + " after the last one";
    }
    if (offset != nextOffset) {
      return "a chunk at offset " + offset + " where " + nextOffset + " was due (out of order)";
    }
    if (size > credit) {
      return "a chunk of " + size + " bytes with only " + credit + " bytes of credit (over the window of "
          + windowBytes + " bytes)";
    }
    credit -= size;
    nextOffset += size;
    ended = last;
    return null;
  }

  /** Whether the last piece arrived. */
  boolean ended() {
    return ended;
  }

  /** Bytes received so far. */
  long received() {
    return nextOffset;
  }

  /**
   * The reader consumed {@code bytes}.
   *
   * @return the credit to grant the sender now; 0 = none yet (too little to be worth a frame,
   *     or the payload has ended, so no more is needed)
   */
  int consumed(int bytes) {
    if (ended) {
      return 0;
    }
    consumedNotGranted += bytes;
    if (consumedNotGranted < (windowBytes + 1) / 2) {
      return 0;
    }
    int grant = (int) consumedNotGranted;
    consumedNotGranted = 0;
    credit += grant;
    return grant;
  }
}
