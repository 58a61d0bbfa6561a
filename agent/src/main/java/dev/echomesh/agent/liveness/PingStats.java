package dev.echomesh.agent.liveness;

import dev.echomesh.agent.peers.RttStats;
import java.util.Objects;

/**
 * How well one peer answers our pings, over the recent window ({@link LivenessConfig#statsWindow()}
 * rounds).
 *
 * @param rtt round-trip times of its pongs; {@link RttStats#NONE} before the first
 * @param lossPercent share of our recent ping rounds it did not answer within {@link
 *     LivenessConfig#pongTimeout()}, 0 to 100
 */
public record PingStats(RttStats rtt, double lossPercent) {

  /** Nothing measured yet. */
  public static final PingStats NONE = new PingStats(RttStats.NONE, 0);

  public PingStats {
    Objects.requireNonNull(rtt, "rtt");
    if (!(lossPercent >= 0 && lossPercent <= 100)) {
      throw new IllegalArgumentException("lossPercent must be 0 to 100, got " + lossPercent);
    }
  }
}
