package dev.echomesh.agent.liveness;

import dev.echomesh.agent.peers.RttStats;
import java.util.Arrays;

/**
 * The last {@code size} round-trip times to one peer, summarized as {@link RttStats}.
 *
 * <p>p99 is the nearest-rank percentile: the smallest sample that at least 99% of the window's
 * samples are less than or equal to (with fewer than 100 samples, that is the largest). Times
 * are kept in nanoseconds and reported in microseconds, rounded to the nearest.
 *
 * <p>Pure and not thread-safe.
 */
final class RttWindow {

  private static final double P99 = 0.99;
  private static final long NANOS_PER_MICRO = 1_000;

  private final long[] samples;
  private int count;
  private int next;
  private long last;

  /** A window of the last {@code size} samples, at least 1. */
  RttWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("window size must be at least 1, got " + size);
    }
    this.samples = new long[size];
  }

  /** Adds one round-trip time; negative values (a clock oddity) count as 0. */
  void add(long rttNanos) {
    last = Math.max(0, rttNanos);
    samples[next] = last;
    next = (next + 1) % samples.length;
    count = Math.min(count + 1, samples.length);
  }

  /** Last, mean and p99 over the window; {@link RttStats#NONE} before the first sample. */
  RttStats stats() {
    if (count == 0) {
      return RttStats.NONE;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    long sum = 0;
    for (long sample : sorted) {
      sum += sample;
    }
    int p99Rank = (int) Math.ceil(P99 * count);
    return new RttStats(
        micros(last), micros(Math.round((double) sum / count)), micros(sorted[p99Rank - 1]), count);
  }

  private static long micros(long nanos) {
    return (nanos + NANOS_PER_MICRO / 2) / NANOS_PER_MICRO;
  }
}
