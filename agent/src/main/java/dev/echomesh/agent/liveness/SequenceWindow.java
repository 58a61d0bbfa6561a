package dev.echomesh.agent.liveness;

import java.util.Arrays;

/**
 * Anti-replay state for one sender: its newest incarnation, the highest sequence number seen in it,
 * and which of the {@code size} sequence numbers up to that one have been seen (a sliding bitmap,
 * as in IPsec's anti-replay window, RFC 4303 section 3.4.3).
 *
 * <p>Rules for a datagram {@code (incarnation, seq)}:
 *
 * <ul>
 *   <li>older incarnation than the newest seen: {@link Freshness#STALE};
 *   <li>newer incarnation: the sender restarted; the window starts over at {@code seq}, {@link
 *       Freshness#NEW};
 *   <li>same incarnation, {@code seq} above the highest: the window slides up, {@link
 *       Freshness#NEW};
 *   <li>same incarnation, {@code seq} at most {@code size - 1} below the highest and not seen yet:
 *       {@link Freshness#REORDERED}, marked seen;
 *   <li>anything else (seen already, or {@code size} or more below the highest): {@link
 *       Freshness#REPLAYED}.
 * </ul>
 *
 * <p>Pure and not thread-safe: owned by the receive thread.
 */
final class SequenceWindow {

  private final int size;
  private final long[] seen;
  private long incarnation;
  private long highestSeq;

  /**
   * A window of {@code size} sequence numbers whose first datagram was {@code (incarnation, seq)}.
   */
  SequenceWindow(int size, long incarnation, long seq) {
    if (size < 1) {
      throw new IllegalArgumentException("window size must be at least 1, got " + size);
    }
    this.size = size;
    this.seen = new long[(size + Long.SIZE - 1) / Long.SIZE];
    restart(incarnation, seq);
  }

  /** Judges {@code (incarnation, seq)} and, when accepted, records it as seen. */
  Freshness offer(long incarnation, long seq) {
    if (incarnation < this.incarnation) {
      return Freshness.STALE;
    }
    if (incarnation > this.incarnation) {
      restart(incarnation, seq);
      return Freshness.NEW;
    }
    if (seq > highestSeq) {
      slideTo(seq);
      return Freshness.NEW;
    }
    if (highestSeq - seq >= size || isSeen(seq)) {
      return Freshness.REPLAYED;
    }
    markSeen(seq);
    return Freshness.REORDERED;
  }

  long incarnation() {
    return incarnation;
  }

  long highestSeq() {
    return highestSeq;
  }

  private void restart(long newIncarnation, long seq) {
    incarnation = newIncarnation;
    highestSeq = seq;
    Arrays.fill(seen, 0L);
    markSeen(seq);
  }

  private void slideTo(long seq) {
    long distance = seq - highestSeq;
    if (distance >= size) {
      Arrays.fill(seen, 0L);
    } else {
      // The slots of highestSeq+1 .. seq held sequence numbers that now fall out of the window.
      for (long s = highestSeq + 1; s <= seq; s++) {
        clear(s);
      }
    }
    highestSeq = seq;
    markSeen(seq);
  }

  private int slot(long seq) {
    return (int) Math.floorMod(seq, (long) size);
  }

  private boolean isSeen(long seq) {
    int slot = slot(seq);
    return (seen[slot >>> 6] & (1L << slot)) != 0;
  }

  private void markSeen(long seq) {
    int slot = slot(seq);
    seen[slot >>> 6] |= 1L << slot;
  }

  private void clear(long seq) {
    int slot = slot(seq);
    seen[slot >>> 6] &= ~(1L << slot);
  }
}
