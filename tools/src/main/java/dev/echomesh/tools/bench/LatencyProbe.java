package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Measures round-trip latency with one call outstanding: a warm-up, then calls timed one by
 * one into an HdrHistogram. Each echo is checked byte for byte, outside the timed window.
 */
final class LatencyProbe {

  /** Highest latency the histogram tracks; slower calls are clamped to it. */
  private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final int SIGNIFICANT_DIGITS = 3;

  private LatencyProbe() {}

  /** A fresh histogram of nanoseconds for {@link #record}. */
  static Histogram newHistogram() {
    return new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
  }

  /**
   * Calls for {@code phase} (at most {@code maxCalls} calls) and throws the timings away.
   *
   * @throws BenchException when a call fails or echoes the wrong bytes
   */
  static void warm(EchoTarget target, byte[] payload, Duration phase, long maxCalls, Duration callTimeout) {
    run(target, payload, phase, maxCalls, callTimeout, null);
  }

  /**
   * Calls for {@code phase} (at most {@code maxCalls} calls), adding each round trip to
   * {@code histogram}.
   *
   * @throws BenchException when a call fails or echoes the wrong bytes; the measurement is void
   */
  static void record(
      EchoTarget target, byte[] payload, Duration phase, long maxCalls, Duration callTimeout, Histogram histogram) {
    run(target, payload, phase, maxCalls, callTimeout, histogram);
  }

  /** Warm-up then measured phase in one go, as {@code budget} says. */
  static LatencyResult measure(EchoTarget target, byte[] payload, Budget budget, Duration callTimeout) {
    warm(target, payload, budget.warmup(), budget.maxCalls(), callTimeout);
    Histogram histogram = newHistogram();
    record(target, payload, budget.measure(), budget.maxCalls(), callTimeout, histogram);
    return LatencyResult.of(histogram);
  }

  private static void run(
      EchoTarget target, byte[] payload, Duration phase, long maxCalls, Duration callTimeout,
      Histogram histogram) {
    long end = System.nanoTime() + phase.toNanos();
    for (long i = 0; i < maxCalls && System.nanoTime() - end < 0; i++) {
      long start = System.nanoTime();
      byte[] echoed;
      try {
        echoed = target.call(payload, callTimeout);
      } catch (Exception e) {
        throw new BenchException(target.name() + " call failed: " + e, e);
      }
      long nanos = System.nanoTime() - start;
      if (!Arrays.equals(payload, echoed)) {
        throw new BenchException(
            target.name() + " echoed " + echoed.length + " bytes that differ from the "
                + payload.length + " sent");
      }
      if (histogram != null) {
        histogram.recordValue(Math.min(nanos, HIGHEST_TRACKABLE_NANOS));
      }
    }
  }
}
