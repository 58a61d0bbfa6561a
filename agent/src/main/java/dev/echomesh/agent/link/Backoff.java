package dev.echomesh.agent.link;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter for redialing: a pure function of the attempt number and a
 * random number, so it is tested as a table and never needs a clock.
 *
 * <p>Before retry {@code n} (0 for the first retry) the delay is
 * {@code min(max, initial * multiplier^n)}, spread by {@code ±jitter} (a fraction) so that
 * nodes that lost a peer at the same moment do not redial in lockstep, and never above
 * {@code max}.
 *
 * @param initial delay before the first retry; positive
 * @param max the longest delay; at least {@code initial}
 * @param multiplier growth per attempt; at least 1
 * @param jitter spread as a fraction of the delay, in [0, 1)
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

  /** Growth per attempt of {@link #of}: doubling, as in TCP and gRPC. */
  public static final double DEFAULT_MULTIPLIER = 2.0;
  /** Spread of {@link #of}: ±20%, as in gRPC's connection backoff. */
  public static final double DEFAULT_JITTER = 0.2;

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("the initial backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("the maximum backoff " + max + " is below the initial " + initial);
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("the backoff multiplier must be at least 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("the backoff jitter must be in [0, 1), got " + jitter);
    }
  }

  /** Doubling from {@code initial} up to {@code max} with ±20% jitter. */
  public static Backoff of(Duration initial, Duration max) {
    return new Backoff(initial, max, DEFAULT_MULTIPLIER, DEFAULT_JITTER);
  }

  /**
   * The delay before retry {@code attempt}.
   *
   * @param attempt 0 for the first retry, 1 for the second, ...; negative counts as 0
   * @param random a uniformly distributed number in [0, 1), e.g. {@code ThreadLocalRandom.nextDouble()}
   */
  public Duration delay(int attempt, double random) {
    double maxNanos = max.toNanos();
    double base = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt));
    base = Math.min(base, maxNanos);
    double spread = base * (1.0 - jitter + 2.0 * jitter * random);
    return Duration.ofNanos((long) Math.min(spread, maxNanos));
  }
}
