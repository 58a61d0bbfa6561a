package dev.echomesh.agent.peers;

/**
 * Round-trip times of pings to one peer over a recent window, in microseconds.
 *
 * <p>What to show a person is the median: the first pongs of a peer that just started are slow
 * (its code is not compiled yet: 30-40 ms against well under 1 ms later, measured on loopback), and
 * they pull the mean up for as long as they stay in the window; the median ignores them.
 *
 * @param lastMicros the latest round trip
 * @param meanMicros the mean over the window
 * @param medianMicros the median over the window
 * @param p99Micros the 99th percentile over the window
 * @param samples how many round trips the window holds; 0 = never measured
 */
public record RttStats(long lastMicros, long meanMicros, long medianMicros, long p99Micros, int samples) {

  /** No round trip measured yet. */
  public static final RttStats NONE = new RttStats(0, 0, 0, 0, 0);

  /** Figures without a median (e.g. from an agent that did not report one): the mean stands in. */
  public RttStats(long lastMicros, long meanMicros, long p99Micros, int samples) {
    this(lastMicros, meanMicros, meanMicros, p99Micros, samples);
  }

  public boolean measured() {
    return samples > 0;
  }
}
