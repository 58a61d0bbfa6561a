package dev.echomesh.agent.peers;

/**
 * Round-trip times of pings to one peer over a recent window, in microseconds.
 *
 * @param samples how many round trips the window holds; 0 = never measured
 */
public record RttStats(long lastMicros, long meanMicros, long p99Micros, int samples) {

  /** No round trip measured yet. */
  public static final RttStats NONE = new RttStats(0, 0, 0, 0);

  public boolean measured() {
    return samples > 0;
  }
}
