package dev.echomesh.agent.liveness;

/**
 * Our recently sent pings, so that a pong can be matched to the ping it answers: by sequence
 * number and the echoed send time, which must both match (a pong echoing a ping of an earlier
 * run of this node, or a made-up one, matches nothing). Keeps the last {@link #CAPACITY} pings;
 * older ones are forgotten, and a pong to them yields no round-trip sample.
 *
 * <p>Thread-safe: the send thread adds, the receive thread looks up.
 */
final class PendingPings {

  /** Pings remembered: 1024 covers over 100 rounds of a few targets, far beyond a pong timeout. */
  static final int CAPACITY = 1024;

  private final long[] seqAt = new long[CAPACITY];
  private final long[] roundAt = new long[CAPACITY];
  private final long[] sentNanosAt = new long[CAPACITY];

  /** Records ping {@code seq} of {@code round}, sent at {@code sentNanos}. */
  synchronized void sent(long seq, long round, long sentNanos) {
    int slot = slot(seq);
    seqAt[slot] = seq;
    roundAt[slot] = round;
    sentNanosAt[slot] = sentNanos;
  }

  /**
   * The round of the ping with {@code seq} sent at {@code sentNanos}, or 0 when no remembered
   * ping matches both.
   */
  synchronized long roundOf(long seq, long sentNanos) {
    int slot = slot(seq);
    return seqAt[slot] == seq && sentNanosAt[slot] == sentNanos ? roundAt[slot] : 0;
  }

  private static int slot(long seq) {
    return (int) Math.floorMod(seq, (long) CAPACITY);
  }
}
