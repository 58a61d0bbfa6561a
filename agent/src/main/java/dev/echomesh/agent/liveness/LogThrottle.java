package dev.echomesh.agent.liveness;

/**
 * Rate limit for one kind of log line: the first event is reported at once, then at most one per
 * interval, carrying the number of events since the last report. Not thread-safe: each thread keeps
 * its own.
 */
final class LogThrottle {

  private final long intervalNanos;
  private boolean reported;
  private long lastReportNanos;
  private long pending;

  /**
   * @param intervalNanos least time between two reports, positive
   */
  LogThrottle(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /**
   * Counts one event at {@code nowNanos}; returns how many events to report now, or 0 to stay
   * quiet.
   */
  long note(long nowNanos) {
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
