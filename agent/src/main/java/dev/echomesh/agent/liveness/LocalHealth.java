package dev.echomesh.agent.liveness;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * This node's own stalls, so that the failure detector does not blame peers for them: local health
 * awareness in the manner of memberlist's Lifeguard. A node whose process stalls (a long garbage
 * collection, CPU starvation when many processes start at once on few cores) hears nothing while
 * it stalls, not because its peers were silent, but because it did not run; when it runs again its
 * detector would see a silence as long as the stall from every peer, and could declare them all
 * DEAD before the receive thread has read the datagrams waiting in the socket.
 *
 * <p>The stall is measured on the monotonic ticker, by the detector's own periodic tick: a tick
 * that comes more than one tick interval late ({@link #tick}) means the node did not run for the
 * lateness, and that span is recorded. {@link #excusedNanos} is how much of a peer's silence falls
 * into recorded stalls; the detector judges the silence without it. So a stall delays the
 * detection of a real failure by as long as the stall, never more, and a node that runs on time
 * detects as fast as without this: small scheduling jitter (under one tick interval) is never
 * counted.
 *
 * <p>It excuses only this node's stalls. A peer whose own process stalls does fall silent, and is
 * judged by its silence as before.
 *
 * <p>Pure and thread-safe: time comes in as ticker readings; the tick thread and tests may call
 * it.
 */
public final class LocalHealth {

  /**
   * Stalls remembered at most: each excuses silences that began before its end, and a silence
   * longer than the detector's DEAD bound plus every stall in it has been judged already.
   */
  static final int MAX_STALLS = 64;

  private final long tickNanos;
  private final long rememberNanos;
  private final Deque<long[]> stalls = new ArrayDeque<>();
  private long lastTickNanos;
  private boolean ticked;

  /**
   * @param tickInterval how often {@link #tick} is meant to be called; positive
   * @param remember how long a stall is kept after it ended: at least the longest silence the
   *     detector still judges (its DEAD bound)
   */
  public LocalHealth(Duration tickInterval, Duration remember) {
    if (tickInterval.isNegative() || tickInterval.isZero()) {
      throw new IllegalArgumentException("a tick interval must be positive, got " + tickInterval);
    }
    if (remember.isNegative()) {
      throw new IllegalArgumentException("remember must not be negative, got " + remember);
    }
    this.tickNanos = tickInterval.toNanos();
    this.rememberNanos = remember.toNanos();
  }

  /**
   * The detector's tick ran at {@code nowNanos}; when it came more than a tick interval late, the
   * node stalled from when the tick was due until now, and that span is recorded.
   *
   * @return the stall recorded, in nanoseconds; 0 for a tick on time
   */
  public synchronized long tick(long nowNanos) {
    long stalled = 0;
    if (ticked) {
      long due = lastTickNanos + tickNanos;
      long late = nowNanos - due;
      if (late > tickNanos) {
        stalls.addLast(new long[] {due, nowNanos});
        stalled = late;
      }
    }
    ticked = true;
    lastTickNanos = nowNanos;
    while (!stalls.isEmpty()
        && (stalls.size() > MAX_STALLS || nowNanos - stalls.peekFirst()[1] > rememberNanos + totalNanos())) {
      stalls.removeFirst();
    }
    return stalled;
  }

  /** How much of the span from {@code sinceNanos} to {@code nowNanos} this node spent stalled. */
  public synchronized long excusedNanos(long sinceNanos, long nowNanos) {
    long excused = 0;
    for (long[] stall : stalls) {
      long from = Math.max(stall[0], sinceNanos);
      long to = Math.min(stall[1], nowNanos);
      if (to > from) {
        excused += to - from;
      }
    }
    return excused;
  }

  private long totalNanos() {
    long total = 0;
    for (long[] stall : stalls) {
      total += stall[1] - stall[0];
    }
    return total;
  }
}
