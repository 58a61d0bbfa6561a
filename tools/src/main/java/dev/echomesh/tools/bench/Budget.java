package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one measurement may run: a warm-up whose calls are thrown away, then a measured
 * phase. Each phase ends at its duration or after {@code maxCalls} calls, whichever is first,
 * so every loop of the benchmark is bounded in both time and count.
 *
 * @param warmup time of the warm-up phase; zero or more
 * @param measure time of the measured phase; more than zero
 * @param maxCalls most calls in each phase; at least 1
 */
record Budget(Duration warmup, Duration measure, long maxCalls) {

  Budget {
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(measure, "measure");
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
    }
    if (measure.isNegative() || measure.isZero()) {
      throw new IllegalArgumentException("measure must be > 0, got " + measure);
    }
    if (maxCalls < 1) {
      throw new IllegalArgumentException("maxCalls must be >= 1, got " + maxCalls);
    }
  }

  /** The longest the two phases can take together. */
  Duration total() {
    return warmup.plus(measure);
  }
}
