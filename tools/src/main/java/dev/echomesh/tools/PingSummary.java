package dev.echomesh.tools;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The statistics ping(8) prints at the end: sent, received, loss, and min/avg/max/mdev. */
final class PingSummary {

  private int sent;
  private int received;
  private long minNanos = Long.MAX_VALUE;
  private long maxNanos;
  private double sumNanos;
  private double sumSquaresNanos;

  /** Adds one ping: its round trip, or empty when it was lost. */
  void add(Optional<Duration> roundTrip) {
    sent++;
    if (roundTrip.isEmpty()) {
      return;
    }
    long nanos = roundTrip.get().toNanos();
    received++;
    minNanos = Math.min(minNanos, nanos);
    maxNanos = Math.max(maxNanos, nanos);
    sumNanos += nanos;
    sumSquaresNanos += (double) nanos * nanos;
  }

  int sent() {
    return sent;
  }

  int received() {
    return received;
  }

  /** Percentage of pings lost, 0 to 100. */
  double lossPercent() {
    return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
  }

  /** Mean round trip in nanoseconds; 0 when none was received. */
  double meanNanos() {
    return received == 0 ? 0 : sumNanos / received;
  }

  /** Mean deviation as ping(8) computes it: the standard deviation of the round trips. */
  double mdevNanos() {
    if (received == 0) {
      return 0;
    }
    double mean = meanNanos();
    return Math.sqrt(Math.max(0, sumSquaresNanos / received - mean * mean));
  }

  /**
   * Prints, like ping(8):
   *
   * <pre>
   * --- h2 ping statistics ---
   * 4 sent, 4 received, 0% loss, time 3003ms
   * rtt min/avg/max/mdev = 0.301/0.420/0.512/0.080 ms
   * </pre>
   */
  void print(String peer, Duration elapsed, PrintStream out) {
    out.println("--- " + peer + " ping statistics ---");
    out.println(sent + " sent, " + received + " received, " + PeerFormat.percent(round(lossPercent()))
        + " loss, time " + elapsed.toMillis() + "ms");
    if (received > 0) {
      out.println("rtt min/avg/max/mdev = " + millis(minNanos) + "/" + millis(meanNanos()) + "/"
          + millis(maxNanos) + "/" + millis(mdevNanos()) + " ms");
    }
  }

  /** Milliseconds with three decimals, as ping(8) prints them. */
  static String millis(double nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
  }

  private static double round(double percent) {
    return Math.round(percent * 10) / 10.0;
  }
}
