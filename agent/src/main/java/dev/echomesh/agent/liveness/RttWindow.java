package dev.echomesh.agent.liveness;

import dev.echomesh.agent.peers.RttStats;
import java.util.Arrays;

/**
 * The last {@code size} round-trip times to one peer, summarized as {@link RttStats}.
 *
 * <p>p99 is the nearest-rank percentile: the smallest sample that at least 99% of the window's
 * samples are less than or equal to (with fewer than 100 samples, that is the largest). Times are
 * kept in nanoseconds and reported in microseconds, rounded to the nearest.
 *
 * <p>The window is kept twice, in arrival order (to know which sample leaves) and sorted (so {@link
 * #stats()} is constant time); adding moves at most {@code size} longs and allocates nothing,
 * because it runs on the receive thread for every pong. Pure and not thread-safe.
 */
final class RttWindow {

  private static final double P99 = 0.99;
  private static final long NANOS_PER_MICRO = 1_000;

  private final long[] arrivals;
  private final long[] sorted;
  private int count;
  private int next;
  private long sum;
  private long last;

  /** A window of the last {@code size} samples, at least 1. */
  RttWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("window size must be at least 1, got " + size);
    }
    this.arrivals = new long[size];
    this.sorted = new long[size];
  }

  /** Adds one round-trip time; negative values (a clock oddity) count as 0. */
  void add(long rttNanos) {
    last = Math.max(0, rttNanos);
    if (count == arrivals.length) {
      long leaving = arrivals[next];
      removeSorted(leaving);
      sum -= leaving;
    } else {
      count++;
    }
    arrivals[next] = last;
    next = (next + 1) % arrivals.length;
    insertSorted(last);
    sum += last;
  }

  /** Last, mean and p99 over the window; {@link RttStats#NONE} before the first sample. */
  RttStats stats() {
    if (count == 0) {
      return RttStats.NONE;
    }
    int p99Rank = (int) Math.ceil(P99 * count);
    long median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    return new RttStats(micros(last), micros(Math.round((double) sum / count)), micros(median),
        micros(sorted[p99Rank - 1]), count);
  }

  /** Inserts into sorted[0, count - 1) so that sorted[0, count) is sorted. */
  private void insertSorted(long value) {
    int filled = count - 1;
    int at = Arrays.binarySearch(sorted, 0, filled, value);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(sorted, at, sorted, at + 1, filled - at);
    sorted[at] = value;
  }

  /** Removes one occurrence of {@code value} from the full sorted[0, count). */
  private void removeSorted(long value) {
    int at = Arrays.binarySearch(sorted, 0, count, value);
    System.arraycopy(sorted, at + 1, sorted, at, count - at - 1);
  }

  private static long micros(long nanos) {
    return (nanos + NANOS_PER_MICRO / 2) / NANOS_PER_MICRO;
  }
}
