package dev.echomesh.tools.bench;

import org.HdrHistogram.Histogram;

/**
 * Round-trip latency of calls made one at a time, in microseconds.
 *
 * @param samples measured calls (warm-up excluded)
 * @param p50Micros median
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param meanMicros arithmetic mean
 * @param maxMicros slowest call
 */
record LatencyResult(
    long samples, double p50Micros, double p99Micros, double p999Micros, double meanMicros, double maxMicros) {

  private static final double NANOS_PER_MICRO = 1_000.0;

  /** Summarizes a histogram of nanoseconds. */
  static LatencyResult of(Histogram nanos) {
    return new LatencyResult(
        nanos.getTotalCount(),
        nanos.getValueAtPercentile(50) / NANOS_PER_MICRO,
        nanos.getValueAtPercentile(99) / NANOS_PER_MICRO,
        nanos.getValueAtPercentile(99.9) / NANOS_PER_MICRO,
        nanos.getMean() / NANOS_PER_MICRO,
        nanos.getMaxValue() / NANOS_PER_MICRO);
  }
}
