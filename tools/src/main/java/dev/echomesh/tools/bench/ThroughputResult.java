package dev.echomesh.tools.bench;

/**
 * Completed calls per second with a fixed number of calls kept in flight (a closed loop:
 * each completion starts the next call).
 *
 * @param inFlight calls kept in flight on the one connection
 * @param calls calls completed in the measured phase
 * @param seconds length of the measured phase
 * @param callsPerSecond {@code calls / seconds}
 */
record ThroughputResult(int inFlight, long calls, double seconds, double callsPerSecond) {

  static ThroughputResult of(int inFlight, long calls, long nanos) {
    double seconds = nanos / 1e9;
    return new ThroughputResult(inFlight, calls, seconds, seconds > 0 ? calls / seconds : 0);
  }

  /** This and {@code other} (same in-flight level) as one measurement. */
  ThroughputResult plus(ThroughputResult other) {
    if (other.inFlight != inFlight) {
      throw new IllegalArgumentException("cannot add " + other.inFlight + " in flight to " + inFlight);
    }
    long totalCalls = calls + other.calls;
    double totalSeconds = seconds + other.seconds;
    return new ThroughputResult(inFlight, totalCalls, totalSeconds, totalSeconds > 0 ? totalCalls / totalSeconds : 0);
  }
}
