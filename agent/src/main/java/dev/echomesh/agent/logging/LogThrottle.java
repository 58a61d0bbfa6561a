package dev.echomesh.agent.logging;

/**
 * Rate limit for one kind of log line: the first event is reported at once, then at most one per
 * interval, carrying the number of events since the last report. A pure function of the {@code now}
 * it is given (a monotonic ticker's reading), so tests step through time. Thread-safe: events of
 * one kind may come from several threads (the link layer's event loops).
 */
public final class LogThrottle {

  private final long intervalNanos;
  private boolean reported;
  private long lastReportNanos;
  private long pending;

  /**
   * @param intervalNanos least time between two reports, positive
   * @throws IllegalArgumentException if {@code intervalNanos} is not positive
   */
  public LogThrottle(long intervalNanos) {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("a log interval must be positive, got " + intervalNanos + " ns");
    }
    this.intervalNanos = intervalNanos;
  }

  /**
   * Counts one event at {@code nowNanos}; returns how many events to report now, or 0 to stay
   * quiet.
   */
  public synchronized long note(long nowNanos) {
    pending++;
    if (reported && nowNanos - lastReportNanos < intervalNanos) {
      return 0;
    }
    reported = true;
    lastReportNanos = nowNanos;
    long count = pending;
    pending = 0;
    return count;
  }
}
