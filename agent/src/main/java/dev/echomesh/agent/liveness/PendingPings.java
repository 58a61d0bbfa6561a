package dev.echomesh.agent.liveness;

/**
 * Our recently sent round pings, so that a pong can be matched to the ping it answers: by sequence
 * number and the echoed timestamp, which must both match (a pong echoing a ping of an earlier run
 * of this node, or a made-up one, matches nothing). Keeps the last {@link #CAPACITY} pings; older
 * ones are forgotten, and a pong to them yields no round-trip sample.
 *
 * <p>Each ping keeps two times: the timestamp written into it (echoed back by the pong) and the
 * moment it was handed to the socket, after encoding. Round trips count from the latter, like
 * ping(8), so our own encoding time is not part of a peer's round-trip time.
 *
 * <p>Thread-safe: the send thread adds, the receive thread looks up.
 */
final class PendingPings {

  /** Pings remembered: 1024 covers over 100 rounds of a few targets, far beyond a pong timeout. */
  static final int CAPACITY = 1024;

  private final long[] seqAt = new long[CAPACITY];
  private final long[] roundAt = new long[CAPACITY];
  private final long[] echoNanosAt = new long[CAPACITY];
  private final long[] sentNanosAt = new long[CAPACITY];

  /** A remembered ping: its round and when it went to the socket. */
  record Match(long round, long sentNanos) {}

  /**
   * Records ping {@code seq} of {@code round}, carrying {@code echoNanos}, sent at {@code
   * sentNanos}.
   */
  synchronized void sent(long seq, long round, long echoNanos, long sentNanos) {
    int slot = slot(seq);
    seqAt[slot] = seq;
    roundAt[slot] = round;
    echoNanosAt[slot] = echoNanos;
    sentNanosAt[slot] = sentNanos;
  }

  /** The remembered ping with {@code seq} that carried {@code echoNanos}, or null. */
  synchronized Match match(long seq, long echoNanos) {
    int slot = slot(seq);
    return seqAt[slot] == seq && echoNanosAt[slot] == echoNanos
        ? new Match(roundAt[slot], sentNanosAt[slot])
        : null;
  }

  private static int slot(long seq) {
    return (int) Math.floorMod(seq, (long) CAPACITY);
  }
}
